package dev.riff.playback.command;

import dev.riff.contracts.CommandOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** /seek: jumps within the current track. */
@ApplicationScoped
public class SeekHandler implements CommandHandler {

    @Override
    public Set<String> names() {
        return Set.of("seek");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Seek.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        var track = context.track();
        if (track == null) {
            return context.once(Outcome.refused("not-playing"));
        }
        if (!track.isSeekable()) {
            return context.once(Outcome.refused("not-seekable"));
        }
        long target = context.options(CommandOptions.Seek.class).millis();
        if (target > track.getDuration()) {
            return context.once(Outcome.refused("beyond-end", Map.of("durationMs", track.getDuration())));
        }
        return context.once(Outcome.done("seeked", Map.of("positionMs", target)).then(() -> track.setPosition(target)));
    }
}
