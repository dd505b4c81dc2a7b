package dev.riff.devkit.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Apple Music simulator takes only developer tokens its MusicKit key signed, for its team, unexpired. */
class AppleMusicSimulatorTest {

    private static AppleMusicSimulator apple;

    @BeforeAll
    static void start() {
        apple = AppleMusicSimulator.start(0);
    }

    @AfterAll
    static void stop() {
        apple.close();
    }

    @Test
    void aTokenSignedByTheMusicKitKeyReadsTheCatalogue() throws Exception {
        PrivateKey key = DeveloperTokens.musicKitKey(apple);
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> song = get("/v1/catalog/us/songs/" + AppleMusicSimulator.songId(SongCatalogue.TUNE),
                DeveloperTokens.sign(key, AppleMusicSimulator.KEY_ID, AppleMusicSimulator.TEAM_ID, now, now + 3600));
        assertEquals(200, song.statusCode(), song.body());
        assertTrue(song.body().contains("\"isrc\":\"" + SongCatalogue.TUNE.isrc() + "\""), song.body());

        assertEquals(401, get("/v1/catalog/us/songs/1", DeveloperTokens.sign(key, AppleMusicSimulator.KEY_ID, AppleMusicSimulator.TEAM_ID, now - 7200, now - 3600))
                .statusCode(), "expired");
        assertEquals(401, get("/v1/catalog/us/songs/1", DeveloperTokens.sign(key, AppleMusicSimulator.KEY_ID, "OTHERTEAM", now, now + 3600)).statusCode(),
                "another team");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey stranger = generator.generateKeyPair().getPrivate();
        HttpResponse<String> forged = get("/v1/catalog/us/songs/1", DeveloperTokens.sign(stranger, AppleMusicSimulator.KEY_ID, AppleMusicSimulator.TEAM_ID, now, now + 3600));
        assertEquals(401, forged.statusCode(), "signed by another key");
        assertTrue(forged.body().contains("\"errors\""), forged.body());
        assertEquals(404, get("/v1/catalog/us/songs/1", DeveloperTokens.sign(key, AppleMusicSimulator.KEY_ID, AppleMusicSimulator.TEAM_ID, now, now + 3600))
                .statusCode(), "a song the catalogue lacks");
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(apple.baseUrl() + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
