package dev.riff.playback.command;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.contracts.CommandOptions;
import dev.riff.playback.config.LyricsConfig;
import dev.riff.playback.domain.Lyrics;
import dev.riff.playback.player.Tracks;
import dev.riff.playback.service.LyricsService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** /lyrics: the current track's lyrics, a page at a time, where the server has lyrics on. */
@ApplicationScoped
public class LyricsHandler implements CommandHandler {

    private final LyricsService lyrics;
    private final LyricsConfig config;

    LyricsHandler(LyricsService lyrics, LyricsConfig config) {
        this.lyrics = lyrics;
        this.config = config;
    }

    @Override
    public Set<String> names() {
        return Set.of("lyrics");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Page.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        AudioTrack track = context.track();
        if (track == null) {
            return context.once(Outcome.refused("not-playing"));
        }
        if (!context.limits().lyricsEnabled()) {
            return context.once(Outcome.refused(context.limits().freeTier() ? "lyrics-premium" : "lyrics-off"));
        }
        int asked = context.options(CommandOptions.Page.class).page();
        return lyrics.lyricsFor(track.getInfo()).chain(found -> context.once(outcome(track, found, asked)));
    }

    private Outcome outcome(AudioTrack track, Optional<Lyrics> found, int asked) {
        String title = Tracks.title(track);
        if (found.isEmpty()) {
            return Outcome.refused("no-lyrics", Map.of("title", title));
        }
        if (found.get().text().isBlank()) {
            return Outcome.refused("lyrics-instrumental", Map.of("title", title));
        }
        List<String> pages = pages(found.get().text(), config.pageCharacters());
        int page = Math.min(asked, pages.size());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("title", title);
        details.put("artist", track.getInfo().author == null ? "" : track.getInfo().author);
        details.put("text", pages.get(page - 1));
        details.put("page", page);
        details.put("pages", pages.size());
        details.put("source", found.get().source());
        details.put("timed", found.get().timed());
        return Outcome.done("lyrics", details);
    }

    /** The text cut into pages of at most {@code size} characters, at line ends where a line fits. */
    static List<String> pages(String text, int size) {
        List<String> pages = new ArrayList<>();
        StringBuilder page = new StringBuilder();
        for (String line : text.split("\n")) {
            while (line.length() > size) {
                if (!page.isEmpty()) {
                    pages.add(page.toString());
                    page.setLength(0);
                }
                pages.add(line.substring(0, size));
                line = line.substring(size);
            }
            if (page.length() + line.length() + 1 > size && !page.isEmpty()) {
                pages.add(page.toString());
                page.setLength(0);
            }
            page.append(page.isEmpty() ? "" : "\n").append(line);
        }
        if (!page.isEmpty() || pages.isEmpty()) {
            pages.add(page.toString());
        }
        return pages;
    }
}
