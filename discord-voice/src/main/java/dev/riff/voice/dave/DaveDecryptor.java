package dev.riff.voice.dave;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiver's frame transform, codec-unaware: protocol frames are opened with the sender's
 * ratchet of the newest epoch that authenticates them (earlier epochs are kept ten seconds for
 * frames in flight across a transition), each key and nonce only once. Non-protocol frames pass
 * only in passthrough mode, except Discord's three-byte silence frame.
 */
public final class DaveDecryptor {

    static final long PREVIOUS_EPOCH_RETENTION_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int REPLAY_WINDOW = 4096;

    private static final class SenderEpoch {
        final KeyRatchet ratchet;
        volatile long expiresAt = Long.MAX_VALUE;
        final Set<Integer> seenNonces = new HashSet<>();
        int highestNonce = -1;

        SenderEpoch(KeyRatchet ratchet) {
            this.ratchet = ratchet;
        }
    }

    private final Map<Long, Deque<SenderEpoch>> senders = new ConcurrentHashMap<>();
    private volatile boolean passthrough = true;
    public final AtomicLong decrypted = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong passedThrough = new AtomicLong();

    public void passthrough(boolean enabled) {
        passthrough = enabled;
    }

    /** A sender's ratchet for a new epoch; the previous one expires ten seconds from now. */
    public void install(long senderUserId, KeyRatchet ratchet) {
        Deque<SenderEpoch> epochs = senders.computeIfAbsent(senderUserId, id -> new ArrayDeque<>());
        synchronized (epochs) {
            SenderEpoch current = epochs.peekFirst();
            if (current != null) {
                current.expiresAt = System.nanoTime() + PREVIOUS_EPOCH_RETENTION_NANOS;
            }
            epochs.addFirst(new SenderEpoch(ratchet));
        }
    }

    /** The decrypted frame, or null when it cannot be (not a member, wrong epoch, tampered or replayed). */
    public byte[] decrypt(long senderUserId, byte[] frame) {
        if (ProtocolFrame.isSilence(frame)) {
            passedThrough.incrementAndGet();
            return frame;
        }
        ProtocolFrame.Parsed parsed = ProtocolFrame.parse(frame);
        if (parsed == null) {
            if (passthrough) {
                passedThrough.incrementAndGet();
                return frame;
            }
            failed.incrementAndGet();
            return null;
        }
        Deque<SenderEpoch> epochs = senders.get(senderUserId);
        if (epochs != null) {
            synchronized (epochs) {
                long now = System.nanoTime();
                epochs.removeIf(e -> e.expiresAt < now);
                for (SenderEpoch epoch : epochs) {
                    byte[] key = epoch.ratchet.key(parsed.nonce() >>> 24);
                    byte[] plain = key == null ? null : ProtocolFrame.open(key, parsed);
                    if (plain != null) {
                        if (!firstUse(epoch, parsed.nonce())) {
                            break;
                        }
                        decrypted.incrementAndGet();
                        return plain;
                    }
                }
            }
        }
        failed.incrementAndGet();
        return null;
    }

    /** A key and nonce decrypt once; a window of recent nonces is remembered. */
    private static boolean firstUse(SenderEpoch epoch, int nonce) {
        if (!epoch.seenNonces.add(nonce)) {
            return false;
        }
        if (Integer.compareUnsigned(nonce, epoch.highestNonce) > 0 || epoch.highestNonce == -1) {
            epoch.highestNonce = nonce;
        }
        if (epoch.seenNonces.size() > REPLAY_WINDOW) {
            int floor = epoch.highestNonce - REPLAY_WINDOW / 2;
            epoch.seenNonces.removeIf(n -> Integer.compareUnsigned(n, floor) < 0);
        }
        return true;
    }
}
