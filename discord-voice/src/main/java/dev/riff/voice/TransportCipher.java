package dev.riff.voice;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Discord's voice transport encryption, the "rtpsize" AEAD modes: the RTP header (and the 4-byte
 * extension header, if any) is authenticated but not encrypted, the payload is encrypted with a
 * 16-byte tag, and a 32-bit big-endian counter is appended; the AEAD nonce is that counter
 * followed by zero bytes.
 */
public abstract sealed class TransportCipher {

    public static final String AES256_GCM = "aead_aes256_gcm_rtpsize";
    public static final String XCHACHA20_POLY1305 = "aead_xchacha20_poly1305_rtpsize";
    /** In order of preference. */
    public static final List<String> SUPPORTED = List.of(AES256_GCM, XCHACHA20_POLY1305);

    static final int TAG_LENGTH = 16;
    static final int NONCE_SUFFIX_LENGTH = 4;

    private int counter;

    public static TransportCipher forMode(String mode, byte[] secretKey) {
        if (secretKey.length != 32) {
            throw new IllegalArgumentException("voice secret keys have 32 bytes, not " + secretKey.length);
        }
        return switch (mode) {
            case AES256_GCM -> new AesGcm(secretKey);
            case XCHACHA20_POLY1305 -> new XChaCha20Poly1305(secretKey);
            default -> throw new IllegalArgumentException("unsupported voice encryption mode " + mode);
        };
    }

    /** The first mode of ours the server offers. */
    public static String choose(List<String> offered) {
        return SUPPORTED.stream().filter(offered::contains).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the voice server offers none of " + SUPPORTED + ": " + offered));
    }

    /** Encrypts one payload behind the given RTP header into a complete packet. */
    public byte[] seal(byte[] header, byte[] payload) {
        int nonceValue = counter++;
        byte[] suffix = ByteBuffer.allocate(NONCE_SUFFIX_LENGTH).putInt(nonceValue).array();
        byte[] sealed = crypt(true, suffix, header, payload, 0, payload.length);
        ByteBuffer packet = ByteBuffer.allocate(header.length + sealed.length + NONCE_SUFFIX_LENGTH);
        return packet.put(header).put(sealed).put(suffix).array();
    }

    /** Decrypts a packet sealed by {@link #seal}; fails if it was altered. */
    public byte[] open(byte[] packet, int headerLength) {
        if (packet.length < headerLength + TAG_LENGTH + NONCE_SUFFIX_LENGTH) {
            throw new IllegalArgumentException("voice packet too short: " + packet.length + " bytes");
        }
        byte[] header = Arrays.copyOf(packet, headerLength);
        byte[] suffix = Arrays.copyOfRange(packet, packet.length - NONCE_SUFFIX_LENGTH, packet.length);
        return crypt(false, suffix, header, packet, headerLength, packet.length - NONCE_SUFFIX_LENGTH - headerLength);
    }

    abstract byte[] crypt(boolean encrypt, byte[] nonceSuffix, byte[] aad, byte[] input, int offset, int length);

    static final class AesGcm extends TransportCipher {
        private final SecretKeySpec key;

        AesGcm(byte[] secretKey) {
            this.key = new SecretKeySpec(secretKey, "AES");
        }

        @Override
        byte[] crypt(boolean encrypt, byte[] nonceSuffix, byte[] aad, byte[] input, int offset, int length) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key,
                        new GCMParameterSpec(TAG_LENGTH * 8, Arrays.copyOf(nonceSuffix, 12)));
                cipher.updateAAD(aad);
                return cipher.doFinal(input, offset, length);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("AES-GCM " + (encrypt ? "encryption" : "decryption") + " failed", e);
            }
        }
    }

    /**
     * XChaCha20-Poly1305: HChaCha20 derives a subkey from the key and the first 16 nonce bytes; the
     * JDK's ChaCha20-Poly1305 then runs with that subkey and 4 zero bytes + the last 8 nonce bytes.
     */
    static final class XChaCha20Poly1305 extends TransportCipher {
        private final byte[] key;

        XChaCha20Poly1305(byte[] secretKey) {
            this.key = secretKey.clone();
        }

        @Override
        byte[] crypt(boolean encrypt, byte[] nonceSuffix, byte[] aad, byte[] input, int offset, int length) {
            return aead(encrypt, key, Arrays.copyOf(nonceSuffix, 24), aad, input, offset, length);
        }

        static byte[] aead(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input, int offset, int length) {
            byte[] subkey = HChaCha20.subkey(key, Arrays.copyOf(nonce, 16));
            byte[] innerNonce = new byte[12];
            System.arraycopy(nonce, 16, innerNonce, 4, 8);
            try {
                Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
                cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(subkey, "ChaCha20"),
                        new IvParameterSpec(innerNonce));
                cipher.updateAAD(aad);
                return cipher.doFinal(input, offset, length);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("XChaCha20-Poly1305 " + (encrypt ? "encryption" : "decryption") + " failed", e);
            }
        }
    }
}
