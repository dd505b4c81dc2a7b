package dev.riff.playback.command;

import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.PlayerStateRepository;
import dev.riff.playback.repository.QueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * /stop: clears the queue and ends the current track. The saved player goes idle in the same
 * transaction, so a track that happens to end by itself at this moment does not start the next one.
 */
@ApplicationScoped
public class StopHandler implements CommandHandler {

    private final QueueRepository queue;
    private final PlayerStateRepository states;
    private final PlayerEvents events;

    StopHandler(QueueRepository queue, PlayerStateRepository states, PlayerEvents events) {
        this.queue = queue;
        this.states = states;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("stop");
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        return context.once(() -> queue.clear(context.guildId())
                .chain(removed -> states.obtain(context.guildId()).invoke(PlayerStateRepository::idle)
                        .chain(() -> removed > 0 ? events.queueChanged(context.guildId(), 0, "cleared") : Uni.createFrom().voidItem()))
                .map(ignored -> Outcome.done("stopped").then(() -> context.player().stop("stopped"))));
    }
}
