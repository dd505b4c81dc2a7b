package dev.riff.playback.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.devkit.streaming.SongCatalogue;
import dev.riff.devkit.streaming.SpotifySimulator;
import dev.riff.playback.config.StreamingConfig;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node's Spotify client against the Spotify simulator: pages, the page limit, tokens that expire, rate limits. */
class SpotifyClientTest {

    private static SpotifySimulator spotify;

    @BeforeAll
    static void start() {
        spotify = SpotifySimulator.start(0, "id", "secret");
    }

    @AfterAll
    static void stop() {
        spotify.close();
    }

    @Test
    void aLongPlaylistIsReadPageByPageUpToTheLimit() {
        String id = SpotifySimulator.playlistId(SongCatalogue.MARATHON);
        var whole = client(10, "secret").playlist(id);
        assertEquals("Devkit Marathon", whole.name());
        assertEquals(250, whole.tracks().size());
        assertEquals(SongCatalogue.TUNE.isrc(), whole.tracks().get(249).isrc());
        assertTrue(spotify.requests().stream().anyMatch(r -> r.equals("GET /v1/playlists/" + id + "/tracks?offset=200&limit=100")), spotify.requests().toString());
        assertEquals(200, client(2, "secret").playlist(id).tracks().size(), "two pages at most");
    }

    @Test
    void anExpiredTokenIsReplacedAndAShortRateLimitWaitedOut() {
        SpotifyClient client = client(10, "secret");
        assertEquals("Riff Demo Tune", client.track(SpotifySimulator.trackId(SongCatalogue.TUNE)).title());
        spotify.expireTokens();
        spotify.rateLimitNext(1, 1);
        var tracks = client.album(SpotifySimulator.albumId("Riff Devkit Sessions")).tracks();
        assertEquals(3, tracks.size(), "after a 401 (new token) and a 429 (waited out)");
        assertEquals(SongCatalogue.CHORDS.isrc(), tracks.get(1).isrc(), "album tracks are read again as full tracks, with their ISRCs");
        spotify.rateLimitNext(3, 60);
        StreamingApiException limited = assertThrows(StreamingApiException.class, () -> client.track(SpotifySimulator.trackId(SongCatalogue.TUNE)));
        assertEquals("Spotify is limiting requests; try again in 60 seconds.", limited.getMessage());
        spotify.rateLimitNext(0, 0);
        StreamingApiException refused = assertThrows(StreamingApiException.class,
                () -> client(10, "wrong").track(SpotifySimulator.trackId(SongCatalogue.TUNE)));
        assertTrue(refused.getMessage().contains("refused this bot's credentials"), refused.getMessage());
    }

    private static SpotifyClient client(int maxPages, String secret) {
        StreamingConfig config = (StreamingConfig) Proxy.newProxyInstance(StreamingConfig.class.getClassLoader(), new Class<?>[] {StreamingConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "spotifyClientId" -> Optional.of("id");
                    case "spotifyClientSecret" -> Optional.of(secret);
                    case "spotifyAccountsUrl", "spotifyApiUrl" -> URI.create(spotify.baseUrl());
                    case "maxPages" -> maxPages;
                    case "maxRetryWait" -> Duration.ofSeconds(5);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new SpotifyClient(config);
    }
}
