package dev.riff.playback.command;

import dev.riff.playback.player.Tracks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** /nowplaying: the current track and where it is. */
@ApplicationScoped
public class NowPlayingHandler implements CommandHandler {

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
        return context.once(Outcome.done("now-playing", details));
    }
}
