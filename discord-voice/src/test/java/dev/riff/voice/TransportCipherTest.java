package dev.riff.voice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TransportCipherTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hChaCha20MatchesTheDraftTestVector() {
        // draft-irtf-cfrg-xchacha, section 2.2.1
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = HEX.parseHex("000000090000004a0000000031415927");
        assertEquals("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc", HEX.formatHex(HChaCha20.subkey(key, nonce)));
    }

    @Test
    void xChaCha20Poly1305MatchesTheDraftTestVector() {
        // draft-irtf-cfrg-xchacha, appendix A.3.1
        byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        byte[] aad = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
        byte[] key = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = HEX.parseHex("404142434445464748494a4b4c4d4e4f5051525354555657");
        byte[] sealed = TransportCipher.XChaCha20Poly1305.aead(true, key, nonce, aad, plaintext, 0, plaintext.length);
        String hex = HEX.formatHex(sealed);
        assertEquals("bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb", hex.substring(0, 64));
        assertEquals("c0875924c1c7987947deafd8780acf49", hex.substring(hex.length() - 32));
    }

    @Test
    void bothModesRoundTripAndAuthenticateTheHeader() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7);
        }
        byte[] header = Rtp.header(42, 960 * 42, 0x1234);
        byte[] opus = {(byte) 0xfc, 1, 2, 3, 4, 5};
        for (String mode : TransportCipher.SUPPORTED) {
            TransportCipher sender = TransportCipher.forMode(mode, key);
            TransportCipher receiver = TransportCipher.forMode(mode, key);
            byte[] first = sender.seal(header, opus);
            byte[] second = sender.seal(header, opus);
            assertEquals(header.length + opus.length + 16 + 4, first.length, mode);
            assertArrayEquals(opus, receiver.open(first, Rtp.HEADER_LENGTH), mode);
            assertArrayEquals(opus, receiver.open(second, Rtp.HEADER_LENGTH), mode);
            assertEquals(1, second[second.length - 1], "the nonce counter is appended, big-endian");
            byte[] tampered = first.clone();
            tampered[2] ^= 1;
            assertThrows(IllegalArgumentException.class, () -> receiver.open(tampered, Rtp.HEADER_LENGTH), mode);
        }
    }

    @Test
    void choosesTheFirstSupportedModeTheServerOffers() {
        assertEquals(TransportCipher.AES256_GCM, TransportCipher.choose(java.util.List.of("xsalsa20_poly1305", TransportCipher.XCHACHA20_POLY1305, TransportCipher.AES256_GCM)));
        assertThrows(IllegalArgumentException.class, () -> TransportCipher.choose(java.util.List.of("xsalsa20_poly1305")));
    }
}
