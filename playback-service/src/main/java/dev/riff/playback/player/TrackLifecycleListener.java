package dev.riff.playback.player;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.event.AudioEventAdapter;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackEndReason;
import org.jboss.logging.Logger;

/**
 * lavaplayer's events for one guild, handed to the guild's lane. lavaplayer calls these on its own
 * threads (and synchronously from {@code stopTrack}), so nothing here waits.
 */
final class TrackLifecycleListener extends AudioEventAdapter {

    private static final Logger LOG = Logger.getLogger(TrackLifecycleListener.class);

    private final GuildAudioPlayer player;
    private final TrackLifecycle events;

    TrackLifecycleListener(GuildAudioPlayer player, TrackLifecycle events) {
        this.player = player;
        this.events = events;
    }

    @Override
    public void onTrackStart(AudioPlayer audio, AudioTrack track) {
        player.clearSkipVotes();
        player.later("record the start of a track", () -> events.started(player, track));
    }

    @Override
    public void onTrackEnd(AudioPlayer audio, AudioTrack track, AudioTrackEndReason endReason) {
        if (endReason == AudioTrackEndReason.REPLACED) {
            return;
        }
        String stoppedFor = player.takeStopReason(track);
        String reason = stoppedFor != null ? stoppedFor : switch (endReason) {
            case FINISHED -> "finished";
            case LOAD_FAILED -> "load-failed";
            case CLEANUP -> "cleanup";
            default -> "stopped";
        };
        player.later("record the end of a track", () -> events.ended(player, track, reason));
    }

    @Override
    public void onTrackException(AudioPlayer audio, AudioTrack track, FriendlyException exception) {
        LOG.warnf("Track %s failed in guild %s: %s", track.getInfo().uri, player.guildId(), exception.getMessage());
        player.failed(track);
    }

    @Override
    public void onTrackStuck(AudioPlayer audio, AudioTrack track, long thresholdMs) {
        LOG.warnf("Track %s stuck in guild %s for %d ms: skipping", track.getInfo().uri, player.guildId(), thresholdMs);
        player.stop("stuck");
    }
}
