package dev.riff.voice.dave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The sender key ratchet against an independent reading of RFC 9420: DeriveTreeSecret(secret,
 * label, generation, length) = HKDF-Expand(secret, KDFLabel{length, "MLS 1.0 " + label,
 * uint32 generation}, length) with SHA-256.
 */
class KeyRatchetTest {

    private static final byte[] BASE = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @Test
    void generationKeysFollowTheMlsTreeRatchet() throws Exception {
        KeyRatchet ratchet = new KeyRatchet(DaveSession.SUITE, BASE);
        byte[] secret = BASE;
        for (int generation = 0; generation < 3; generation++) {
            assertArrayEquals(deriveTreeSecret(secret, "key", generation, 16), ratchet.key(generation), "generation " + generation);
            secret = deriveTreeSecret(secret, "secret", generation, 32);
        }
    }

    @Test
    void erasedGenerationsAreGoneAndLaterOnesStillDerive() throws Exception {
        KeyRatchet ratchet = new KeyRatchet(DaveSession.SUITE, BASE);
        byte[] third = ratchet.key(2);
        ratchet.eraseBefore(2);
        assertNull(ratchet.key(0));
        assertArrayEquals(third, ratchet.key(2));
        assertArrayEquals(new KeyRatchet(DaveSession.SUITE, BASE).key(5), ratchet.key(5));
    }

    private static byte[] deriveTreeSecret(byte[] secret, String label, int generation, int length) throws Exception {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(length >>> 8);
        info.write(length);
        byte[] fullLabel = ("MLS 1.0 " + label).getBytes(StandardCharsets.US_ASCII);
        info.write(fullLabel.length);
        info.write(fullLabel);
        info.write(4);
        info.write(ByteBuffer.allocate(4).putInt(generation).array());
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
        hmac.update(info.toByteArray());
        hmac.update((byte) 1);
        byte[] block = hmac.doFinal();
        return java.util.Arrays.copyOf(block, length);
    }
}
