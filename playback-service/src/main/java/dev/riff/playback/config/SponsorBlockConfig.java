package dev.riff.playback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** SponsorBlock: where its API is, and which of its categories a guild with it on skips. */
@ConfigMapping(prefix = "riff.sponsorblock")
public interface SponsorBlockConfig {

    /** SponsorBlock's public API. Default {@code https://sponsor.ajay.app}. */
    @WithDefault("https://sponsor.ajay.app")
    URI url();

    /**
     * The categories skipped. Default: sponsor reads, self-promotion, "like and subscribe", and the
     * stretches of a music video without music.
     */
    @WithDefault("sponsor,selfpromo,interaction,music_offtopic,outro")
    List<String> categories();

    /** Longest wait for the segments; a track starts without them rather than late. Default {@code 3s}. */
    @WithDefault("3s")
    Duration timeout();
}
