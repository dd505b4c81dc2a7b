package dev.riff.playback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * The devkit's demo library (its base URL), searched before SoundCloud: the local fleet sets it so
     * /play demo works offline. Default: none (production has no demo library).
     */
    Optional<URI> demoLibraryUrl();

    /**
     * A PEM file of CA certificates the voice client trusts beside the JDK's own, for a voice
     * gateway with a private CA (the local fleet's Discord simulator). Default: none, Discord's
     * gateways need only the JDK's authorities.
     */
    Optional<java.nio.file.Path> voiceTrustedCa();

    /** Queue entries shown per /queue page. Default {@code 10}. */
    @WithDefault("10")
    int queuePageSize();
}
