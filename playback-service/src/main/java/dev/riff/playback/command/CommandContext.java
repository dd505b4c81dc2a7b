package dev.riff.playback.command;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.contracts.CommandOptions;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.contracts.PlaybackLimits;
import dev.riff.playback.player.GuildAudioPlayer;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * A command being carried out: the command, its options read as its handler's type, the guild's
 * player on this node, and the one way to apply a change.
 */
public record CommandContext(PlaybackCommand command, CommandOptions options, GuildAudioPlayer player, Once once) {

    /** Applies a change and publishes its result in one transaction, unless the command was applied before. */
    @FunctionalInterface
    public interface Once {
        /** @return the outcome, or null when this command id was already applied (a redelivery) */
        Uni<Outcome> apply(Supplier<Uni<Outcome>> change);
    }

    public Uni<Outcome> once(Supplier<Uni<Outcome>> change) {
        return once.apply(change);
    }

    /** An outcome that changes nothing but is still recorded once. */
    public Uni<Outcome> once(Outcome outcome) {
        return once.apply(() -> Uni.createFrom().item(outcome));
    }

    public String guildId() {
        return command.guildId();
    }

    public PlaybackLimits limits() {
        return command.limits();
    }

    public <T extends CommandOptions> T options(Class<T> type) {
        return type.cast(options);
    }

    /** The track playing now, or null. */
    public AudioTrack track() {
        return player.playingTrack();
    }
}
