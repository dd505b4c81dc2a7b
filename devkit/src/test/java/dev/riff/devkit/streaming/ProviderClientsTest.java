package dev.riff.devkit.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riff.devkit.audio.DemoLibrary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The devkit's lyrics, Deezer, SponsorBlock and Apple Music simulators read by client libraries
 * others wrote for the real services (lrclib-api, deezer-public-api, sponsorblock-api,
 * @yujinakayama/apple-music), run by node from {@code src/test/node/provider-clients}, which
 * ./fleet test installs: what those libraries parse, validate and raise is the check that the
 * simulators answer as the services do.
 */
class ProviderClientsTest {

    private static final Path CLIENTS = Path.of("src/test/node/provider-clients");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachProvidersOwnClientLibraryReadsItsSimulator() throws Exception {
        assertTrue(Files.isDirectory(CLIENTS.resolve("node_modules/lrclib-api")),
                "the provider clients are not installed: ./fleet test installs them (npm install in " + CLIENTS + ")");
        try (LyricsSimulator lyrics = LyricsSimulator.start(0); DeezerSimulator deezer = DeezerSimulator.start(0);
                SponsorBlockSimulator sponsorBlock = SponsorBlockSimulator.start(0); AppleMusicSimulator apple = AppleMusicSimulator.start(0)) {
            long now = System.currentTimeMillis() / 1000;
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var input = JSON.createObjectNode()
                    .put("lrclib", lyrics.baseUrl()).put("artist", DemoLibrary.ARTIST)
                    .put("deezer", deezer.baseUrl()).put("deezerTrack", DeezerSimulator.trackId(SongCatalogue.TUNE))
                    .put("isrc", SongCatalogue.CHORDS.isrc()).put("deezerMarathon", DeezerSimulator.playlistId(SongCatalogue.MARATHON))
                    .put("deezerSpendQuota", deezer.baseUrl() + "/control/spend-quota?count=1")
                    .put("sponsorBlock", sponsorBlock.baseUrl()).put("videoId", DemoLibrary.SWEEP_VIDEO_ID)
                    .put("appleMusic", apple.baseUrl()).put("appleSong", AppleMusicSimulator.songId(SongCatalogue.EXPLICIT))
                    .put("applePlaylist", AppleMusicSimulator.playlistId(SongCatalogue.MIX))
                    .put("developerToken", DeveloperTokens.sign(DeveloperTokens.musicKitKey(apple), AppleMusicSimulator.KEY_ID,
                            AppleMusicSimulator.TEAM_ID, now, now + 3600))
                    .put("forgedToken", DeveloperTokens.sign(generator.generateKeyPair().getPrivate(), AppleMusicSimulator.KEY_ID,
                            AppleMusicSimulator.TEAM_ID, now, now + 3600));
            JsonNode out = run(input.toString());

            assertEquals("Riff, riff, the devkit sings", out.path("lrclibSynced").path(0).path("text").asText(), out.path("lrclibSynced").toString());
            assertEquals(0.5, out.path("lrclibSynced").path(0).path("startTime").asDouble(), 0.01, out.path("lrclibSynced").toString());
            assertTrue(out.path("lrclibMissing").isNull(), "LRCLIB lacks the chords: " + out.path("lrclibMissing"));

            assertEquals("Riff Demo Tune", out.path("deezerTrack").path("title").asText(), out.path("deezerTrack").toString());
            assertEquals(SongCatalogue.TUNE.isrc(), out.path("deezerTrack").path("isrc").asText());
            assertEquals("Chord Progression in C", out.path("deezerByIsrc").path("title").asText(), out.path("deezerByIsrc").toString());
            assertEquals(250, out.path("deezerPlaylistPage").path("total").asInt(), out.path("deezerPlaylistPage").toString());
            assertEquals(100, out.path("deezerPlaylistPage").path("first").asInt());
            assertEquals(100, out.path("deezerPlaylistPage").path("second").asInt());
            assertEquals(100, out.path("deezerPlaylistPage").path("nextIndex").asInt());
            assertEquals("DeezerResponseError", out.path("deezerMissing").path("error").asText(), out.path("deezerMissing").toString());
            assertEquals("DeezerRateLimitError", out.path("deezerQuota").path("error").asText(), out.path("deezerQuota").toString());

            JsonNode segments = out.path("sponsorSegments");
            assertEquals(2, segments.size(), segments.toString());
            assertEquals("sponsor", segments.path(0).path("category").asText());
            assertEquals(3.0, segments.path(0).path("startTime").asDouble());
            assertEquals(8.0, segments.path(0).path("endTime").asDouble());

            JsonNode song = out.path("appleSong").path("data").path(0).path("attributes");
            assertEquals("Language Warning", song.path("name").asText(), out.path("appleSong").toString());
            assertEquals("explicit", song.path("contentRating").asText());
            assertEquals(3, out.path("applePlaylist").path("data").path(0).path("relationships").path("tracks").path("data").size(),
                    out.path("applePlaylist").toString());
            assertEquals("AppleMusicError", out.path("appleForged").path("error").asText(), out.path("appleForged").toString());
            assertEquals(401, out.path("appleForged").path("status").asInt());
        }
    }

    private static JsonNode run(String input) throws Exception {
        Process node = new ProcessBuilder("node", "check.mjs", input).directory(CLIENTS.toFile()).redirectErrorStream(false).start();
        byte[] stdout = node.getInputStream().readAllBytes();
        String stderr = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node finished");
        assertEquals(0, node.exitValue(), "node failed: " + stderr);
        return JSON.readTree(stdout);
    }
}
