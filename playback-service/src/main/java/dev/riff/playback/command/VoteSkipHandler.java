package dev.riff.playback.command;

import dev.riff.playback.player.Tracks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** /voteskip: a member's vote against the current track; enough votes skip it. */
@ApplicationScoped
public class VoteSkipHandler implements CommandHandler {

    @Override
    public Set<String> names() {
        return Set.of("voteskip");
    }

    /** Votes a skip needs: the threshold's share of the listeners, rounded up, at least one. */
    public static int votesNeeded(int listeners, double threshold) {
        return Math.max(1, (int) Math.ceil(Math.max(1, listeners) * threshold));
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        var track = context.track();
        if (track == null) {
            return context.once(Outcome.refused("not-playing"));
        }
        int votes = context.player().voteToSkip(context.command().userId());
        int needed = votesNeeded(context.command().listeners(), context.limits().voteSkipThreshold());
        Map<String, Object> details = Map.of("title", Tracks.title(track), "votes", votes, "needed", needed);
        if (votes >= needed) {
            return context.once(Outcome.done("vote-passed", details).then(() -> context.player().stop("vote-skipped")));
        }
        return context.once(Outcome.done("vote-counted", details));
    }
}
