package dev.riff.voice.dave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** DAVE's frame encoding with fixed inputs: ULEB128, the nonce, the footer and the truncated tag. */
class FrameFormatTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void uleb128EncodesSevenBitGroupsLeastSignificantFirst() {
        assertEquals("00", HEX.formatHex(Uleb128.encode(0)));
        assertEquals("7f", HEX.formatHex(Uleb128.encode(127)));
        assertEquals("8001", HEX.formatHex(Uleb128.encode(128)));
        assertEquals("e58e26", HEX.formatHex(Uleb128.encode(624_485)));
        assertEquals("ffffffff0f", HEX.formatHex(Uleb128.encode(0xffffffffL)));
        for (long value : new long[] {0, 1, 127, 128, 16_383, 16_384, 624_485, 0xffffffffL}) {
            byte[] encoded = Uleb128.encode(value);
            assertEquals(value, Uleb128.read(encoded, new int[] {0}, encoded.length));
        }
        assertEquals(-1, Uleb128.read(HEX.parseHex("8080"), new int[] {0}, 2), "a value cut short is not read");
    }

    @Test
    void theFullNonceIsEightZeroBytesThenTheTruncatedNonceLittleEndian() {
        assertEquals("0000000000000000" + "04030201", HEX.formatHex(ProtocolFrame.fullNonce(0x01020304)));
    }

    @Test
    void aSealedOpusFrameIsCiphertextTagNonceSizeAndMarker() {
        byte[] opus = "an opus frame of some length".getBytes();
        byte[] sealed = ProtocolFrame.seal(KEY, 300, opus);
        int n = sealed.length;
        // 8-byte tag, ULEB128(300) = ac 02, no ranges, size byte 13, marker fa fa.
        assertEquals(opus.length + 8 + 2 + 1 + 2, n);
        assertEquals("ac02", HEX.formatHex(sealed, opus.length + 8, opus.length + 10));
        assertEquals(13, sealed[n - 3]);
        assertEquals("fafa", HEX.formatHex(sealed, n - 2, n));
        ProtocolFrame.Parsed parsed = ProtocolFrame.parse(sealed);
        assertNotNull(parsed);
        assertEquals(300, parsed.nonce());
        assertEquals(0, parsed.ranges().length);
        assertArrayEquals(opus, ProtocolFrame.open(KEY, parsed));
    }

    @Test
    void theTagIsTheFirst64BitsOfTheFullGcmTag() throws Exception {
        byte[] opus = new byte[120];
        Arrays.fill(opus, (byte) 7);
        byte[] sealed = ProtocolFrame.seal(KEY, 5, opus);
        javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, ProtocolFrame.fullNonce(5)));
        byte[] full = gcm.doFinal(opus);
        assertArrayEquals(Arrays.copyOf(full, 120 + 8), Arrays.copyOf(sealed, 120 + 8), "same ciphertext, tag truncated to 8 bytes");
    }

    @Test
    void tamperingOrTheWrongKeyFailsAuthentication() {
        byte[] sealed = ProtocolFrame.seal(KEY, 1, new byte[64]);
        byte[] tampered = sealed.clone();
        tampered[3] ^= 1;
        assertNull(ProtocolFrame.open(KEY, ProtocolFrame.parse(tampered)));
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertNull(ProtocolFrame.open(otherKey, ProtocolFrame.parse(sealed)));
    }

    @Test
    void unencryptedRangesAreAuthenticatedAndLeftInPlace() throws Exception {
        // A receiver is codec-unaware: a frame whose first two bytes are plaintext (as a video header would be).
        byte[] frame = HEX.parseHex("aabb" + "0102030405060708");
        byte[] aad = HEX.parseHex("aabb");
        javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, ProtocolFrame.fullNonce(9)));
        gcm.updateAAD(aad);
        byte[] encrypted = gcm.doFinal(Arrays.copyOfRange(frame, 2, frame.length));
        byte[] footer = HEX.parseHex(HEX.formatHex(encrypted, 8, 16) + "09" + "0002" + "0e" + "fafa");
        byte[] protocolFrame = new byte[2 + 8 + footer.length];
        System.arraycopy(aad, 0, protocolFrame, 0, 2);
        System.arraycopy(encrypted, 0, protocolFrame, 2, 8);
        System.arraycopy(footer, 0, protocolFrame, 10, footer.length);
        ProtocolFrame.Parsed parsed = ProtocolFrame.parse(protocolFrame);
        assertArrayEquals(new long[] {0, 2}, parsed.ranges());
        assertArrayEquals(frame, ProtocolFrame.open(KEY, parsed));
        protocolFrame[0] ^= 1;
        assertNull(ProtocolFrame.open(KEY, ProtocolFrame.parse(protocolFrame)), "the plaintext range is authenticated");
    }

    @Test
    void theProtocolFrameCheckRejectsWhatIsNotOne() {
        assertNull(ProtocolFrame.parse(new byte[] {1, 2, 3}), "too short");
        assertNull(ProtocolFrame.parse(new byte[40]), "no marker");
        byte[] sealed = ProtocolFrame.seal(KEY, 1, new byte[20]);
        byte[] badSize = sealed.clone();
        badSize[badSize.length - 3] = 5;
        assertNull(ProtocolFrame.parse(badSize), "supplemental size below the minimum");
        byte[] overflowingRange = HEX.parseHex("00".repeat(4) + "00".repeat(8) + "01" + "0005" + "0e" + "fafa");
        assertNull(ProtocolFrame.parse(overflowingRange), "a range past the media");
        byte[] unordered = HEX.parseHex("00".repeat(6) + "00".repeat(8) + "01" + "0301" + "0001" + "10" + "fafa");
        assertNull(ProtocolFrame.parse(unordered), "ranges out of order");
        assertNotNull(ProtocolFrame.parse(sealed));
    }
}
