package dev.riff.playback.command;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The handlers by command name; a name claimed twice is a programming error found at boot. */
@ApplicationScoped
public class CommandHandlers {

    private final Map<String, CommandHandler> byName = new HashMap<>();

    CommandHandlers(@All List<CommandHandler> handlers) {
        for (CommandHandler handler : handlers) {
            for (String name : handler.names()) {
                CommandHandler previous = byName.putIfAbsent(name, handler);
                if (previous != null) {
                    throw new IllegalStateException("/" + name + " is handled by both " + previous.getClass().getSimpleName() + " and "
                            + handler.getClass().getSimpleName());
                }
            }
        }
    }

    public Optional<CommandHandler> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
