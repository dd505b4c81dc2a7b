package dev.riff.voice.dave;

import dev.riff.voice.FrameEncryptor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sender's frame transform: each Opus frame sealed with this member's ratchet of the current
 * epoch under a counting nonce whose top byte is the key generation. Frames pass unencrypted only
 * when the call is at protocol version 0 (the voice gateway said so), or while this member is known
 * to be alone in the call (nobody to hear them). Otherwise a frame without a key is withheld, never
 * sent in the clear: a DAVE call whose handshake has not completed (or failed) stays silent rather
 * than open. Until clients_connect has said who is in the call, others are assumed to be listening,
 * since the voice gateway sends it only after select_protocol_ack and a frame may be due between.
 */
public final class DaveEncryptor implements FrameEncryptor {

    private final javax.crypto.Cipher sealer = ProtocolFrame.newSealer();
    private KeyRatchet ratchet;
    private long framesInEpoch;
    /** The call is at protocol version 0: transport encryption only, announced by the voice gateway. */
    private boolean transportOnly = true;
    private boolean knownAlone;
    public final AtomicLong encrypted = new AtomicLong();
    public final AtomicLong passedThrough = new AtomicLong();

    /** A new epoch's ratchet: the nonce, and with it the generation, starts again at zero. */
    public synchronized void use(KeyRatchet next) {
        ratchet = next;
        framesInEpoch = 0;
        transportOnly = false;
    }

    /** The call is (or moves) to protocol version 0. */
    public synchronized void passthrough() {
        ratchet = null;
        transportOnly = true;
    }

    /** The call is at a DAVE protocol version: from now on nothing leaves unencrypted while others listen. */
    public synchronized void requireEncryption() {
        transportOnly = false;
    }

    /** Whether anyone else is in the call (clients_connect and client_disconnect keep this). */
    public synchronized void othersInCall(boolean present) {
        knownAlone = !present;
    }

    public synchronized boolean encrypting() {
        return ratchet != null;
    }

    /** The frame to send, or null when it must be withheld. */
    @Override
    public synchronized byte[] encrypt(byte[] opusFrame) {
        if (ratchet == null) {
            if (ProtocolFrame.isSilence(opusFrame) || transportOnly || knownAlone) {
                passedThrough.incrementAndGet();
                return opusFrame;
            }
            return null;
        }
        if (ProtocolFrame.isSilence(opusFrame)) {
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
