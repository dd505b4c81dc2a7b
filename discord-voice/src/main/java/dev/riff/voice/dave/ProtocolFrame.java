package dev.riff.voice.dave;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * DAVE's protocol media frame: the interleaved frame (unencrypted ranges in place, the rest
 * AES-128-GCM ciphertext), an 8-byte truncated tag, the ULEB128 truncated nonce, the ULEB128
 * unencrypted ranges, the supplemental data size and the 0xFAFA magic marker. Opus frames are
 * encrypted whole, so this sender writes no ranges; the parser accepts any valid ranges because
 * receivers are codec-unaware.
 */
public final class ProtocolFrame {

    public static final int TAG_LENGTH = 8;
    static final int MAGIC = 0xFAFA;
    /** Tag, a one-byte nonce, the size byte and the marker. */
    static final int MIN_SUPPLEMENTAL = TAG_LENGTH + 1 + 1 + 2;
    /** The silence frame Discord's SFU may synthesize; it passes untransformed. */
    static final byte[] OPUS_SILENCE = {(byte) 0xf8, (byte) 0xff, (byte) 0xfe};

    /** A parsed frame: where its interleaved media ends, the tag, the nonce and the unencrypted ranges. */
    public record Parsed(byte[] frame, int mediaLength, byte[] tag, int nonce, long[] ranges) {
    }

    private ProtocolFrame() {
    }

    public static boolean isSilence(byte[] frame) {
        return Arrays.equals(frame, OPUS_SILENCE);
    }

    /** Encrypts a whole frame with a 16-byte key and a 32-bit truncated nonce. */
    public static byte[] seal(byte[] key, int nonce, byte[] frame) {
        return seal(newSealer(), key, nonce, frame);
    }

    /** A cipher for {@link #seal(Cipher, byte[], int, byte[])}; one per sending thread. */
    public static Cipher newSealer() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Encrypts with the JDK's AES-GCM (hardware-accelerated, about four times Bouncy Castle's
     * speed here) and keeps the first 8 bytes of its 16-byte tag, which is what a 64-bit GCM tag is.
     */
    public static byte[] seal(Cipher gcm, byte[] key, int nonce, byte[] frame) {
        int nonceLength = Uleb128.size(Integer.toUnsignedLong(nonce));
        int supplemental = TAG_LENGTH + nonceLength + 1 + 2;
        byte[] out = new byte[frame.length + supplemental];
        try {
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, fullNonce(nonce)));
            byte[] sealed = gcm.doFinal(frame);
            // Ciphertext, then the tag's first 8 bytes, exactly where the footer wants them.
            System.arraycopy(sealed, 0, out, 0, frame.length + TAG_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        int at = Uleb128.write(Integer.toUnsignedLong(nonce), out, frame.length + TAG_LENGTH);
        out[at++] = (byte) supplemental;
        out[at++] = (byte) (MAGIC >>> 8);
        out[at] = (byte) MAGIC;
        return out;
    }

    /** The protocol frame check: null when {@code frame} is not a well-formed protocol frame. */
    public static Parsed parse(byte[] frame) {
        int n = frame.length;
        if (n < MIN_SUPPLEMENTAL || (frame[n - 2] & 0xff) != (MAGIC >>> 8) || (frame[n - 1] & 0xff) != (MAGIC & 0xff)) {
            return null;
        }
        int supplemental = frame[n - 3] & 0xff;
        if (supplemental < MIN_SUPPLEMENTAL || supplemental > n) {
            return null;
        }
        int mediaLength = n - supplemental;
        int[] cursor = {mediaLength + TAG_LENGTH};
        int footerEnd = n - 3;
        long nonce = Uleb128.read(frame, cursor, footerEnd);
        if (nonce < 0 || nonce > 0xffffffffL) {
            return null;
        }
        long[] ranges = new long[0];
        long previousEnd = 0;
        while (cursor[0] < footerEnd) {
            long offset = Uleb128.read(frame, cursor, footerEnd);
            long length = offset < 0 ? -1 : Uleb128.read(frame, cursor, footerEnd);
            if (length < 0 || offset < previousEnd || offset + length > mediaLength) {
                return null;
            }
            ranges = Arrays.copyOf(ranges, ranges.length + 2);
            ranges[ranges.length - 2] = offset;
            ranges[ranges.length - 1] = length;
            previousEnd = offset + length;
        }
        byte[] tag = Arrays.copyOfRange(frame, mediaLength, mediaLength + TAG_LENGTH);
        return new Parsed(frame, mediaLength, tag, (int) nonce, ranges);
    }

    /** Decrypts a parsed frame; null when the key does not authenticate it. */
    public static byte[] open(byte[] key, Parsed parsed) {
        byte[] frame = parsed.frame();
        boolean[] plain = new boolean[parsed.mediaLength()];
        int plainCount = 0;
        for (int i = 0; i < parsed.ranges().length; i += 2) {
            for (long j = parsed.ranges()[i]; j < parsed.ranges()[i] + parsed.ranges()[i + 1]; j++) {
                plain[(int) j] = true;
                plainCount++;
            }
        }
        byte[] aad = new byte[plainCount];
        byte[] cipherAndTag = new byte[parsed.mediaLength() - plainCount + TAG_LENGTH];
        for (int i = 0, a = 0, c = 0; i < parsed.mediaLength(); i++) {
            if (plain[i]) {
                aad[a++] = frame[i];
            } else {
                cipherAndTag[c++] = frame[i];
            }
        }
        System.arraycopy(parsed.tag(), 0, cipherAndTag, cipherAndTag.length - TAG_LENGTH, TAG_LENGTH);
        GCMModeCipher gcm = opener(key, parsed.nonce(), aad);
        byte[] decrypted = new byte[cipherAndTag.length - TAG_LENGTH];
        try {
            int written = gcm.processBytes(cipherAndTag, 0, cipherAndTag.length, decrypted, 0);
            gcm.doFinal(decrypted, written);
        } catch (InvalidCipherTextException e) {
            return null;
        }
        byte[] out = new byte[parsed.mediaLength()];
        for (int i = 0, c = 0; i < out.length; i++) {
            out[i] = plain[i] ? frame[i] : decrypted[c++];
        }
        return out;
    }

    /** The 96-bit nonce: eight zero bytes, then the truncated nonce in the last four (little-endian). */
    static byte[] fullNonce(int nonce) {
        byte[] full = new byte[12];
        full[8] = (byte) nonce;
        full[9] = (byte) (nonce >>> 8);
        full[10] = (byte) (nonce >>> 16);
        full[11] = (byte) (nonce >>> 24);
        return full;
    }

    private static GCMModeCipher opener(byte[] key, int nonce, byte[] aad) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        // The JDK's GCM cannot check tags shorter than 96 bits; DAVE's are 64.
        gcm.init(false, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, fullNonce(nonce), aad));
        return gcm;
    }
}
