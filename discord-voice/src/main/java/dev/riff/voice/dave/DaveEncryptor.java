package dev.riff.voice.dave;

import dev.riff.voice.FrameEncryptor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sender's frame transform: each Opus frame sealed with this member's ratchet of the current
 * epoch under a counting nonce whose top byte is the key generation. Without a ratchet (protocol
 * version 0, or no group established yet) frames pass through.
 */
public final class DaveEncryptor implements FrameEncryptor {

    private final javax.crypto.Cipher sealer = ProtocolFrame.newSealer();
    private KeyRatchet ratchet;
    private long framesInEpoch;
    public final AtomicLong encrypted = new AtomicLong();
    public final AtomicLong passedThrough = new AtomicLong();

    /** A new epoch's ratchet: the nonce, and with it the generation, starts again at zero. */
    public synchronized void use(KeyRatchet next) {
        ratchet = next;
        framesInEpoch = 0;
    }

    public synchronized void passthrough() {
        ratchet = null;
    }

    public synchronized boolean encrypting() {
        return ratchet != null;
    }

    @Override
    public synchronized byte[] encrypt(byte[] opusFrame) {
        if (ratchet == null || ProtocolFrame.isSilence(opusFrame)) {
            passedThrough.incrementAndGet();
            return opusFrame;
        }
        long count = framesInEpoch++;
        // The 32-bit nonce may wrap; the generation keeps counting past it.
        int generation = (int) (count >>> 24);
        byte[] key = ratchet.key(generation);
        if ((count & 0xffffff) == 0 && generation > 0) {
            ratchet.eraseBefore(generation);
        }
        encrypted.incrementAndGet();
        return ProtocolFrame.seal(sealer, key, (int) count, opusFrame);
    }
}
