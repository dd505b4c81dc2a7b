package dev.riff.devkit.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.neovisionaries.i18n.CountryCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.exceptions.detailed.NotFoundException;
import se.michaelthelin.spotify.exceptions.detailed.TooManyRequestsException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;
import se.michaelthelin.spotify.model_objects.specification.Album;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.Playlist;
import se.michaelthelin.spotify.model_objects.specification.PlaylistTrack;
import se.michaelthelin.spotify.model_objects.specification.Track;

/**
 * The Spotify simulator read by spotify-web-api-java 9.4.0, an independent client of the Web API
 * (unmodified, pointed at the simulator with its own scheme/host/port settings): its models parse
 * every answer and its exceptions read every refusal. The library sends token requests only to
 * Spotify's own Accounts host, so the token is fetched as the Accounts documentation shows.
 */
class SpotifySimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SpotifySimulator spotify;
    private static SpotifyApi api;

    @BeforeAll
    static void start() throws Exception {
        spotify = SpotifySimulator.start(0, "riff-client", "riff-secret");
        api = SpotifyApi.builder().setAccessToken(token("riff-client", "riff-secret").path("access_token").asText())
                .setScheme("http").setHost("127.0.0.1").setPort(spotify.port()).build();
    }

    @AfterAll
    static void stop() {
        spotify.close();
    }

    @Test
    void aTrackCarriesItsIsrcDurationArtworkAndExplicitMark() throws Exception {
        Track track = api.getTrack(SpotifySimulator.trackId(SongCatalogue.TUNE)).build().execute();
        assertEquals("Riff Demo Tune", track.getName());
        assertEquals(SongCatalogue.TUNE.isrc(), track.getExternalIds().getExternalIds().get("isrc"));
        assertEquals(30_000, track.getDurationMs());
        assertEquals("The Riff Devkit Ensemble", track.getArtists()[0].getName());
        assertTrue(track.getAlbum().getImages()[0].getUrl().startsWith("http"));
        assertTrue(api.getTrack(SpotifySimulator.trackId(SongCatalogue.EXPLICIT)).build().execute().getIsExplicit());
        Track[] several = api.getSeveralTracks(SpotifySimulator.trackId(SongCatalogue.CHORDS), SpotifySimulator.trackId(SongCatalogue.TUNE))
                .build().execute();
        assertEquals("Chord Progression in C", several[0].getName());
    }

    @Test
    void aLongPlaylistComesInPagesOfAHundred() throws Exception {
        String id = SpotifySimulator.playlistId(SongCatalogue.MARATHON);
        Playlist playlist = api.getPlaylist(id).build().execute();
        assertEquals("Devkit Marathon", playlist.getName());
        assertEquals(250, playlist.getTracks().getTotal());
        assertEquals(100, playlist.getTracks().getItems().length);
        assertNotNull(playlist.getTracks().getNext());
        Paging<PlaylistTrack> last = api.getPlaylistsItems(id).offset(200).limit(100).build().execute();
        assertEquals(50, last.getItems().length);
        assertNull(last.getNext());
        assertEquals(SongCatalogue.TUNE.title(), ((Track) last.getItems()[49].getTrack()).getName(), "entry 250 starts the cycle again (249 = 3 × 83)");
    }

    @Test
    void albumsAndAnArtistsTopTracksRead() throws Exception {
        Album album = api.getAlbum(SpotifySimulator.albumId("Riff Devkit Sessions")).build().execute();
        assertEquals(3, album.getTracks().getTotal());
        Track[] top = api.getArtistsTopTracks(SpotifySimulator.artistId("The Riff Devkit Ensemble"), CountryCode.US).build().execute();
        assertTrue(top.length >= 3);
    }

    @Test
    void refusalsAreSpotifysAndTheLibraryReadsThem() throws Exception {
        assertThrows(NotFoundException.class, () -> api.getTrack("0000000000000000000000").build().execute());
        SpotifyApi stranger = SpotifyApi.builder().setAccessToken("not-a-token").setScheme("http").setHost("127.0.0.1")
                .setPort(spotify.port()).build();
        assertThrows(UnauthorizedException.class, () -> stranger.getTrack(SpotifySimulator.trackId(SongCatalogue.TUNE)).build().execute());
        spotify.rateLimitNext(1, 7);
        TooManyRequestsException limited = assertThrows(TooManyRequestsException.class,
                () -> api.getTrack(SpotifySimulator.trackId(SongCatalogue.TUNE)).build().execute());
        assertEquals(7, limited.getRetryAfter());
        assertEquals("Riff Demo Tune", api.getTrack(SpotifySimulator.trackId(SongCatalogue.TUNE)).build().execute().getName(), "one 429, then served");
    }

    @Test
    void theAccountsServiceGrantsTokensOnlyForTheAppsCredentials() throws Exception {
        JsonNode granted = token("riff-client", "riff-secret");
        assertEquals("Bearer", granted.path("token_type").asText());
        assertEquals(3600, granted.path("expires_in").asInt());
        assertEquals("invalid_client", token("riff-client", "wrong").path("error").asText());
    }

    /** The client credentials flow as Spotify's Accounts documentation shows it: Basic credentials, a form body. */
    private static JsonNode token(String id, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(spotify.baseUrl() + "/api/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
