package dev.riff.playback.command;

import dev.riff.playback.player.Tracks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** /skip: ends the current track; the queue goes on. */
@ApplicationScoped
public class SkipHandler implements CommandHandler {

    @Override
    public Set<String> names() {
        return Set.of("skip");
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        var track = context.track();
        if (track == null) {
            return context.once(Outcome.refused("not-playing"));
        }
        return context.once(Outcome.done("skipped", Map.of("title", Tracks.title(track))).then(() -> context.player().stop("skipped")));
    }
}
