package dev.riff.playback.command;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** A command that fails on every try, as one would while its database or a source is broken: for the tests only. */
@ApplicationScoped
public class AlwaysFailingHandler implements CommandHandler {

    /** The command name; no slash command is called so. */
    public static final String NAME = "test-always-fails";

    @Override
    public Set<String> names() {
        return Set.of(NAME);
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        return Uni.createFrom().failure(new IllegalStateException("broken on purpose"));
    }
}
