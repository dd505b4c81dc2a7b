package dev.riff.playback.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.playback.config.StreamingConfig;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each service's links name, as members paste them; anything else, however close, names nothing. */
class StreamingLinksTest {

    /** The catalogues read no configuration to parse a link. */
    private static final StreamingConfig NO_CONFIG = (StreamingConfig) Proxy.newProxyInstance(StreamingConfig.class.getClassLoader(),
            new Class<?>[] {StreamingConfig.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void spotifyLinksAndUris() {
        SpotifyClient spotify = spotifyWithoutCredentials();
        assertEquals(Optional.of(new StreamingCatalog.Link("track", "4uLU6hMCjMI75M1A2tKUQC")),
                spotify.parse("https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC?si=abc"));
        assertEquals(Optional.of(new StreamingCatalog.Link("playlist", "37i9dQZF1DXcBWIGoYBM5M")), spotify.parse("spotify:playlist:37i9dQZF1DXcBWIGoYBM5M"));
        assertTrue(spotify.parse("https://open.spotify.com/episode/4uLU6hMCjMI75M1A2tKUQC").isEmpty(), "podcasts are not played");
        assertTrue(spotify.parse("https://open.spotify.com.evil.example/track/4uLU6hMCjMI75M1A2tKUQC").isEmpty());
        assertTrue(spotify.parse("https://open.spotify.com/track/../../v1/me").isEmpty(), "an id is 22 base-62 characters, nothing else");
    }

    @Test
    void deezerLinks() {
        DeezerClient deezer = new DeezerClient(NO_CONFIG);
        assertEquals(Optional.of(new StreamingCatalog.Link("track", "3135556")), deezer.parse("https://www.deezer.com/en/track/3135556"));
        assertEquals(Optional.of(new StreamingCatalog.Link("playlist", "908622995")), deezer.parse("https://deezer.com/playlist/908622995?utm_source=x"));
        assertTrue(deezer.parse("https://www.deezer.com/track/31355x6").isEmpty());
        assertTrue(deezer.parse("https://www.deezer.com/show/1234").isEmpty());
    }

    @Test
    void appleMusicLinksKeepTheirStorefront() {
        AppleMusicClient apple = new AppleMusicClient(NO_CONFIG);
        assertEquals(Optional.of(new StreamingCatalog.Link("song", "us:1440857786")),
                apple.parse("https://music.apple.com/us/album/never-gonna-give-you-up/1440857781?i=1440857786"), "a song inside its album");
        assertEquals(Optional.of(new StreamingCatalog.Link("album", "gb:1440857781")), apple.parse("https://music.apple.com/gb/album/x/1440857781"));
        assertEquals(Optional.of(new StreamingCatalog.Link("playlist", "us:pl.f4d106fed2bd41149aaacabb233eb5eb")),
                apple.parse("https://music.apple.com/us/playlist/todays-hits/pl.f4d106fed2bd41149aaacabb233eb5eb"));
        assertEquals(Optional.of(new StreamingCatalog.Link("song", "us:1440857786")), apple.parse("https://music.apple.com/us/song/1440857786"));
        assertTrue(apple.parse("https://music.apple.com/us/playlist/x/1440857781").isEmpty(), "a playlist id starts with pl.");
        assertTrue(apple.parse("https://music.apple.com/us/album/x/1440857781/../../v1/me").isEmpty());
    }

    private static SpotifyClient spotifyWithoutCredentials() {
        StreamingConfig config = (StreamingConfig) Proxy.newProxyInstance(StreamingConfig.class.getClassLoader(), new Class<?>[] {StreamingConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "spotifyClientId", "spotifyClientSecret" -> Optional.of("x");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new SpotifyClient(config);
    }
}
