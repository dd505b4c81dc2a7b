package dev.riff.playback.command;

import dev.riff.contracts.CommandOptions;
import dev.riff.playback.config.PlaybackConfig;
import dev.riff.playback.domain.QueueEntry;
import dev.riff.playback.repository.QueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /queue: one page of the upcoming tracks. */
@ApplicationScoped
public class QueueHandler implements CommandHandler {

    private final QueueRepository queue;
    private final PlaybackConfig config;

    QueueHandler(QueueRepository queue, PlaybackConfig config) {
        this.queue = queue;
        this.config = config;
    }

    @Override
    public Set<String> names() {
        return Set.of("queue");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Page.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        int pageSize = config.queuePageSize();
        int asked = context.options(CommandOptions.Page.class).page();
        return context.once(() -> queue.entries(context.guildId()).map(entries -> {
            int pages = Math.max(1, (entries.size() + pageSize - 1) / pageSize);
            int page = Math.min(asked, pages);
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = (page - 1) * pageSize; i < Math.min(entries.size(), page * pageSize); i++) {
                QueueEntry entry = entries.get(i);
                items.add(Map.of("position", i + 1, "title", entry.title, "durationMs", entry.track().durationMs()));
            }
            return Outcome.done("queue", Map.of("length", entries.size(), "page", page, "pages", pages, "items", items));
        }));
    }
}
