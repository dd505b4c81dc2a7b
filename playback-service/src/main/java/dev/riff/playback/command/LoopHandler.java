package dev.riff.playback.command;

import dev.riff.contracts.CommandOptions;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.PlayerStateRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** /loop: off, the current track, or the whole queue; applied when a track finishes. */
@ApplicationScoped
public class LoopHandler implements CommandHandler {

    private final PlayerStateRepository states;
    private final PlayerEvents events;

    LoopHandler(PlayerStateRepository states, PlayerEvents events) {
        this.states = states;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("loop");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Loop.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        String mode = context.options(CommandOptions.Loop.class).mode();
        return context.once(() -> states.obtain(context.guildId())
                .invoke(saved -> saved.loopMode = mode)
                .call(events::stateChanged)
                .map(saved -> Outcome.done("loop", Map.of("mode", mode))));
    }
}
