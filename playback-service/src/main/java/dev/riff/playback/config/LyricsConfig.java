package dev.riff.playback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Where /lyrics looks (two providers that need no key) and how long what it finds is kept. */
@ConfigMapping(prefix = "riff.lyrics")
public interface LyricsConfig {

    /** LRCLIB, which has timed (LRC) lyrics. Default {@code https://lrclib.net}. */
    @WithDefault("https://lrclib.net")
    URI lrclibUrl();

    /** lyrics.ovh, asked when LRCLIB has nothing. Default {@code https://api.lyrics.ovh}. */
    @WithDefault("https://api.lyrics.ovh")
    URI lyricsOvhUrl();

    /** How long found lyrics are kept. Default {@code 30d}. */
    @WithDefault("30d")
    Duration keepFound();

    /** How long "no provider has lyrics for this" is kept, so a missing song does not ask twice a minute. Default {@code 1d}. */
    @WithDefault("1d")
    Duration keepMissing();

    /** Longest wait for one provider. Default {@code 5s}. */
    @WithDefault("5s")
    Duration timeout();

    /** Characters of lyrics per /lyrics page (a Discord embed holds 4,096). Default {@code 1500}. */
    @WithDefault("1500")
    int pageCharacters();
}
