package dev.riff.playback.command;

import dev.riff.playback.domain.QueueEntry;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.QueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /shuffle: the queued tracks in a random order. */
@ApplicationScoped
public class ShuffleHandler implements CommandHandler {

    private final QueueRepository queue;
    private final PlayerEvents events;

    ShuffleHandler(QueueRepository queue, PlayerEvents events) {
        this.queue = queue;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("shuffle");
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        return context.once(() -> queue.entries(context.guildId()).chain(entries -> {
            List<QueueEntry> order = new ArrayList<>(entries);
            Collections.shuffle(order);
            queue.reorder(order);
            return events.queueChanged(context.guildId(), order.size(), "shuffled")
                    .map(ignored -> Outcome.done("shuffled", Map.of("length", order.size())));
        }));
    }
}
