package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.player.AudioConfiguration;
import java.util.Locale;

/**
 * The server's {@code maxAudioQuality} as lavaplayer's settings for its players: how carefully a
 * track that is not Opus already is resampled to 48 kHz, and how much effort the Opus encoder spends
 * (its complexity, 0–10). An Opus source at 48 kHz with no filter is passed through untouched at any
 * level. lavaplayer's encoder has no bitrate setting, so the bitrate stays libopus's default for
 * 48 kHz stereo, which Discord's voice channels accept at every server boost level.
 */
public enum AudioQuality {
    LOW(AudioConfiguration.ResamplingQuality.LOW, 3),
    STANDARD(AudioConfiguration.ResamplingQuality.MEDIUM, 7),
    HIGH(AudioConfiguration.ResamplingQuality.HIGH, 10),
    LOSSLESS(AudioConfiguration.ResamplingQuality.HIGH, AudioConfiguration.OPUS_QUALITY_MAX);

    private final AudioConfiguration.ResamplingQuality resampling;
    private final int opusComplexity;

    AudioQuality(AudioConfiguration.ResamplingQuality resampling, int opusComplexity) {
        this.resampling = resampling;
        this.opusComplexity = opusComplexity;
    }

    /** The setting's value ({@code low}, {@code standard}, {@code high}, {@code lossless}); anything else is standard. */
    public static AudioQuality of(String setting) {
        try {
            return setting == null ? STANDARD : valueOf(setting.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return STANDARD;
        }
    }

    /** The node's configuration with this level's resampling and encoder effort. */
    AudioConfiguration applyTo(AudioConfiguration base) {
        AudioConfiguration configured = base.copy();
        configured.setResamplingQuality(resampling);
        configured.setOpusEncodingQuality(opusComplexity);
        return configured;
    }
}
