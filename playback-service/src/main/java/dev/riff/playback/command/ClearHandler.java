package dev.riff.playback.command;

import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.QueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** /clear: empties the queue; the current track plays on. */
@ApplicationScoped
public class ClearHandler implements CommandHandler {

    private final QueueRepository queue;
    private final PlayerEvents events;

    ClearHandler(QueueRepository queue, PlayerEvents events) {
        this.queue = queue;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("clear");
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        return context.once(() -> queue.clear(context.guildId())
                .call(() -> events.queueChanged(context.guildId(), 0, "cleared"))
                .map(removed -> Outcome.done("cleared")));
    }
}
