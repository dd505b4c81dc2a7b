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

/** /move: gives one queued track a new place. */
@ApplicationScoped
public class MoveHandler implements CommandHandler {

    private final QueueRepository queue;
    private final PlayerEvents events;

    MoveHandler(QueueRepository queue, PlayerEvents events) {
        this.queue = queue;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("move");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Move.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        var move = context.options(CommandOptions.Move.class);
        return context.once(() -> queue.entries(context.guildId()).chain(entries -> {
            if (move.from() < 1 || move.from() > entries.size() || move.to() < 1 || move.to() > entries.size()) {
                return Uni.createFrom().item(Outcome.refused("no-such-position", Map.of("length", entries.size())));
            }
            List<QueueEntry> order = new ArrayList<>(entries);
            QueueEntry moved = order.remove(move.from() - 1);
            order.add(move.to() - 1, moved);
            queue.reorder(order);
            return events.queueChanged(context.guildId(), order.size(), "moved")
                    .map(ignored -> Outcome.done("moved", Map.of("title", moved.title, "position", move.to())));
        }));
    }
}
