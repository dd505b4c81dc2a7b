package dev.riff.playback.command;

import dev.riff.playback.player.Tracks;
import dev.riff.playback.service.LyricsService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * /nowplaying: the current track and where it is; with the server's lyrics on and timed lyrics
 * already cached (by /lyrics), the line being sung.
 */
@ApplicationScoped
public class NowPlayingHandler implements CommandHandler {

    private final LyricsService lyrics;

    NowPlayingHandler(LyricsService lyrics) {
        this.lyrics = lyrics;
    }

    @Override
    public Set<String> names() {
        return Set.of("nowplaying");
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        var track = context.track();
        if (track == null) {
            return context.once(Outcome.refused("not-playing"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("title", Tracks.title(track));
        details.put("url", track.getInfo().uri);
        details.put("positionMs", track.getPosition());
        details.put("durationMs", Tracks.durationMs(track));
        details.put("paused", context.player().audio().isPaused());
        Uni<Optional<String>> line = !context.limits().lyricsEnabled() ? Uni.createFrom().item(Optional.empty())
                : lyrics.cachedFor(track.getInfo()).map(found -> found.map(words -> words.lineAt(track.getPosition())));
        return line.chain(sung -> {
            sung.filter(text -> !text.isBlank()).ifPresent(text -> details.put("lyricsLine", text));
            return context.once(Outcome.done("now-playing", details));
        });
    }
}
