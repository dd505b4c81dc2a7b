package dev.riff.voice.dave;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;

/**
 * One sender's media key ratchet for one epoch, built like MLS's secret tree ratchet (RFC 9420
 * 9.1): generation g's key is DeriveTreeSecret(secret_g, "key", g, 16) and the next secret is
 * DeriveTreeSecret(secret_g, "secret", g, Nh). Keys of past generations stay until erased, so
 * frames that arrive out of order still decrypt.
 */
public final class KeyRatchet {

    static final int KEY_LENGTH = 16;

    private final MlsCipherSuite suite;
    private final Map<Integer, byte[]> keys = new TreeMap<>();
    private Secret nextSecret;
    private int nextGeneration;

    public KeyRatchet(MlsCipherSuite suite, byte[] baseSecret) {
        this.suite = suite;
        this.nextSecret = new Secret(baseSecret.clone());
        // Derived now, off the send path: the sender thread must not wait on the MLS lock.
        key(0);
    }

    /** The key of a generation, ratcheting forward as needed; null once that generation was erased. */
    public synchronized byte[] key(int generation) {
        byte[] cached = keys.get(generation);
        if (cached != null || Integer.compareUnsigned(generation, nextGeneration) < 0) {
            return cached;
        }
        synchronized (DaveSession.MLS_LOCK) {
            return derive(generation);
        }
    }

    private byte[] derive(int generation) {
        try {
            while (Integer.compareUnsigned(nextGeneration, generation) <= 0) {
                keys.put(nextGeneration, nextSecret.deriveTreeSecret(suite, "key", nextGeneration, KEY_LENGTH).value());
                nextSecret = nextSecret.deriveTreeSecret(suite, "secret", nextGeneration, suite.getKDF().getHashLength());
                nextGeneration++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys.get(generation);
    }

    /** Forgets every generation before {@code generation}. */
    public synchronized void eraseBefore(int generation) {
        keys.keySet().removeIf(g -> Integer.compareUnsigned(g, generation) < 0);
    }
}
