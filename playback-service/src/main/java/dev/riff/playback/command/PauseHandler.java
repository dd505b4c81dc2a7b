package dev.riff.playback.command;

import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.PlayerStateRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** /pause and /resume: kept in the saved player, so a restored guild stays paused. */
@ApplicationScoped
public class PauseHandler implements CommandHandler {

    private final PlayerStateRepository states;
    private final PlayerEvents events;

    PauseHandler(PlayerStateRepository states, PlayerEvents events) {
        this.states = states;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("pause", "resume");
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        if (context.track() == null) {
            return context.once(Outcome.refused("not-playing"));
        }
        boolean pause = context.command().command().equals("pause");
        return context.once(() -> states.obtain(context.guildId())
                .invoke(saved -> saved.paused = pause)
                .call(events::stateChanged)
                .map(saved -> Outcome.done(pause ? "paused" : "resumed").then(() -> context.player().audio().setPaused(pause))));
    }
}
