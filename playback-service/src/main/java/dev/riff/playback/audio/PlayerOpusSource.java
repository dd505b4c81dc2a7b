package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrame;
import dev.riff.voice.OpusSource;

/** A lavaplayer player as the voice connection's frame source: 20 ms Opus frames, or null while it has none. */
public final class PlayerOpusSource implements OpusSource {

    private final AudioPlayer player;

    public PlayerOpusSource(AudioPlayer player) {
        this.player = player;
    }

    @Override
    public byte[] nextFrame() {
        AudioFrame frame = player.provide();
        return frame == null ? null : frame.getData();
    }
}
