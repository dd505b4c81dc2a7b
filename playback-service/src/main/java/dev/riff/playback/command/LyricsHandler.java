package dev.riff.playback.command;

import dev.riff.playback.player.Tracks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** /lyrics: no lyrics provider is wired yet, so it says so for the current track. */
@ApplicationScoped
public class LyricsHandler implements CommandHandler {

    @Override
    public Set<String> names() {
        return Set.of("lyrics");
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        var track = context.track();
        return context.once(track == null ? Outcome.refused("not-playing") : Outcome.refused("no-lyrics", Map.of("title", Tracks.title(track))));
    }
}
