package dev.riff.devkit.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
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
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(apple.privateKeyPem().replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""))));
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> song = get("/v1/catalog/us/songs/" + AppleMusicSimulator.songId(SongCatalogue.TUNE),
                token(key, AppleMusicSimulator.KEY_ID, AppleMusicSimulator.TEAM_ID, now, now + 3600));
        assertEquals(200, song.statusCode(), song.body());
        assertTrue(song.body().contains("\"isrc\":\"" + SongCatalogue.TUNE.isrc() + "\""), song.body());

        assertEquals(401, get("/v1/catalog/us/songs/1", token(key, AppleMusicSimulator.KEY_ID, AppleMusicSimulator.TEAM_ID, now - 7200, now - 3600))
                .statusCode(), "expired");
        assertEquals(401, get("/v1/catalog/us/songs/1", token(key, AppleMusicSimulator.KEY_ID, "OTHERTEAM", now, now + 3600)).statusCode(),
                "another team");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey stranger = generator.generateKeyPair().getPrivate();
        HttpResponse<String> forged = get("/v1/catalog/us/songs/1", token(stranger, AppleMusicSimulator.KEY_ID, AppleMusicSimulator.TEAM_ID, now, now + 3600));
        assertEquals(401, forged.statusCode(), "signed by another key");
        assertTrue(forged.body().contains("\"errors\""), forged.body());
        assertEquals(404, get("/v1/catalog/us/songs/1", token(key, AppleMusicSimulator.KEY_ID, AppleMusicSimulator.TEAM_ID, now, now + 3600))
                .statusCode(), "a song the catalogue lacks");
    }

    private static String token(PrivateKey key, String keyId, String team, long issued, long expires) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString(("{\"alg\":\"ES256\",\"kid\":\"" + keyId + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(("{\"iss\":\"" + team + "\",\"iat\":" + issued + ",\"exp\":" + expires + "}").getBytes(StandardCharsets.UTF_8));
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initSign(key);
        es256.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + url.encodeToString(es256.sign());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(apple.baseUrl() + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
