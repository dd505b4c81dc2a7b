package dev.riff.playback.command;

import dev.riff.contracts.CommandOptions;
import dev.riff.playback.domain.PlayedTrack;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** /history: the guild's recent plays, ten to a page. */
@ApplicationScoped
public class HistoryHandler implements CommandHandler {

    private static final int PAGE_SIZE = 10;

    @Override
    public Set<String> names() {
        return Set.of("history");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Page.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        int page = context.options(CommandOptions.Page.class).page();
        return context.once(() -> PlayedTrack.<PlayedTrack>find("guildId", Sort.descending("playedAt"), context.guildId())
                .page(page - 1, PAGE_SIZE).list()
                .map(plays -> plays.isEmpty() ? Outcome.done("history-empty") : Outcome.done("history", Map.of("page", page,
                        "items", plays.stream().map(play -> {
                            Map<String, Object> item = new HashMap<>();
                            item.put("title", play.title);
                            item.put("playedFully", play.playedFully);
                            item.put("skipReason", play.skipReason == null ? "" : play.skipReason);
                            return item;
                        }).toList()))));
    }
}
