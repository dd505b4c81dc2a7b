package dev.riff.voice;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lavalink-style frame statistics: frames sent, frames the source had none for while it should
 * have been playing ("nulled"), and frames that went out late ("deficit"); and DAVE's: frames
 * withheld because the call needs end-to-end encryption and there was no key, and handshakes the
 * voice gateway refused.
 */
public final class VoiceStats {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong nulled = new AtomicLong();
    final AtomicLong deficit = new AtomicLong();
    final AtomicLong withheld = new AtomicLong();
    final AtomicLong daveFailures = new AtomicLong();

    public long sent() {
        return sent.get();
    }

    public long nulled() {
        return nulled.get();
    }

    public long deficit() {
        return deficit.get();
    }

    public long withheld() {
        return withheld.get();
    }

    public long daveFailures() {
        return daveFailures.get();
    }
}
