package dev.riff.playback.command;

import dev.riff.contracts.CommandOptions;
import dev.riff.playback.domain.QueueEntry;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.QueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /remove: takes one track out of the queue by its place. */
@ApplicationScoped
public class RemoveHandler implements CommandHandler {

    private final QueueRepository queue;
    private final PlayerEvents events;

    RemoveHandler(QueueRepository queue, PlayerEvents events) {
        this.queue = queue;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("remove");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Remove.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        int position = context.options(CommandOptions.Remove.class).position();
        return context.once(() -> queue.entries(context.guildId()).chain(entries -> {
            if (position < 1 || position > entries.size()) {
                return Uni.createFrom().item(Outcome.refused("no-such-position", Map.of("position", position, "length", entries.size())));
            }
            List<QueueEntry> order = new ArrayList<>(entries);
            QueueEntry removed = order.remove(position - 1);
            queue.reorder(order);
            return removed.delete()
                    .chain(() -> events.queueChanged(context.guildId(), order.size(), "removed"))
                    .map(ignored -> Outcome.done("removed", Map.of("title", removed.title)));
        }));
    }
}
