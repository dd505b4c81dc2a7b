package dev.riff.playback.command;

import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.PlayerStateRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** /disconnect: asks the gateway to leave voice and ends the current track; the queue is kept. */
@ApplicationScoped
public class DisconnectHandler implements CommandHandler {

    private final PlayerStateRepository states;
    private final PlayerEvents events;

    DisconnectHandler(PlayerStateRepository states, PlayerEvents events) {
        this.states = states;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("disconnect");
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        return context.once(() -> states.obtain(context.guildId()).invoke(PlayerStateRepository::idle)
                .chain(() -> events.voiceRequested(context.guildId(), null))
                .map(ignored -> Outcome.done("disconnected").then(() -> context.player().stop("disconnected"))));
    }
}
