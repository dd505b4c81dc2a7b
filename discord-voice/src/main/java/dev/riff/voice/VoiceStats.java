package dev.riff.voice;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lavalink-style frame statistics: frames sent, frames the source had none for while it should
 * have been playing ("nulled"), and frames that went out late ("deficit").
 */
public final class VoiceStats {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong nulled = new AtomicLong();
    final AtomicLong deficit = new AtomicLong();

    public long sent() {
        return sent.get();
    }

    public long nulled() {
        return nulled.get();
    }

    public long deficit() {
        return deficit.get();
    }
}
