package dev.riff.playback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The streaming services whose links a node reads through their APIs (and plays from another
 * source). A service without credentials is not configured: its links are refused with that reason.
 */
@ConfigMapping(prefix = "riff.streaming")
public interface StreamingConfig {

    /** The longest {@code Retry-After} a load waits out; a longer one fails the load, telling the member when to retry. Default {@code 5s}. */
    @WithDefault("5s")
    Duration maxRetryWait();

    /** Most pages of a playlist or album read for one /play (100 tracks a page on Spotify). Default {@code 10}. */
    @WithDefault("10")
    int maxPages();

    /** A mirror found by title and artist must last this close to the original, or this share of it if more. Default {@code 3s}. */
    @WithDefault("3s")
    Duration durationTolerance();

    /** The app's client id (RIFF_STREAMING_SPOTIFY_CLIENT_ID). Default: none, Spotify not configured. */
    Optional<String> spotifyClientId();

    /** The app's client secret (RIFF_STREAMING_SPOTIFY_CLIENT_SECRET). Default: none. */
    Optional<String> spotifyClientSecret();

    /** Spotify's Accounts service. Default {@code https://accounts.spotify.com}. */
    @WithDefault("https://accounts.spotify.com")
    URI spotifyAccountsUrl();

    /** A ready Apple Music developer token (RIFF_STREAMING_APPLE_MUSIC_DEVELOPER_TOKEN); else one is made from the key below. */
    Optional<String> appleMusicDeveloperToken();

    /** The Apple developer team that owns the MusicKit key. Default: none. */
    Optional<String> appleMusicTeamId();

    /** The MusicKit key's id. Default: none. */
    Optional<String> appleMusicKeyId();

    /** The MusicKit private key, the .p8 file's PEM text (RIFF_STREAMING_APPLE_MUSIC_PRIVATE_KEY). Default: none. */
    Optional<String> appleMusicPrivateKey();

    /** The Apple Music API. Default {@code https://api.music.apple.com}. */
    @WithDefault("https://api.music.apple.com")
    URI appleMusicApiUrl();

    /** Whether Deezer links are read (its public API needs no key). Default {@code true}. */
    @WithDefault("true")
    boolean deezerEnabled();

    /** Deezer's public API. Default {@code https://api.deezer.com}. */
    @WithDefault("https://api.deezer.com")
    URI deezerApiUrl();

    /** Spotify's Web API. Default {@code https://api.spotify.com}. */
    @WithDefault("https://api.spotify.com")
    URI spotifyApiUrl();
}
