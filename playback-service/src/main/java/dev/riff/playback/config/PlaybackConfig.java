package dev.riff.playback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "riff.playback")
public interface PlaybackConfig {

    /** Whether /play may name files on this node's disk. Default {@code false}. */
    @WithDefault("false")
    boolean localFilesEnabled();

    /** Longest wait for a track to load. Default {@code 15s}. */
    @WithDefault("15s")
    Duration loadTimeout();

    /** How often a playing track's position is saved, the most a failover can lose. Default {@code 1s}. */
    @WithDefault("1s")
    Duration positionSaveInterval();

    /** A track that produces no audio for this long is skipped as stuck. Default {@code 10s}. */
    @WithDefault("10s")
    Duration stuckThreshold();

    /** Queue entries shown per /queue page. Default {@code 10}. */
    @WithDefault("10")
    int queuePageSize();
}
