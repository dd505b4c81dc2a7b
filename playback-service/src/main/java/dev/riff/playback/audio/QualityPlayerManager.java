package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.player.AudioConfiguration;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerOptions;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.track.InternalAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.TrackStateListener;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * lavaplayer's player manager, with a quality per player: lavaplayer hands every track the node's
 * one configuration, so each track's execution gets its player's {@link AudioQuality} applied to it
 * here (a player passes itself as the track's state listener).
 */
final class QualityPlayerManager extends DefaultAudioPlayerManager {

    private final Map<TrackStateListener, AudioQuality> qualities = Collections.synchronizedMap(new WeakHashMap<>());

    /** The player's tracks from now on (the one playing keeps its own until it is restarted or seeked from its source). */
    void quality(AudioPlayer player, AudioQuality quality) {
        if (player instanceof TrackStateListener listener) {
            qualities.put(listener, quality);
        }
    }

    @Override
    public void executeTrack(TrackStateListener listener, InternalAudioTrack track, AudioConfiguration configuration, AudioPlayerOptions options) {
        AudioQuality quality = qualities.get(listener);
        super.executeTrack(listener, track, quality == null ? configuration : quality.applyTo(configuration), options);
    }
}
