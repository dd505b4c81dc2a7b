package dev.riff.voice;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * One thread that sends a frame for every connection each 20 ms, paced to absolute deadlines so
 * small delays never accumulate into drift. A node with many players keeps one sender thread.
 */
public final class VoiceSendLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VoiceSendLoop.class);
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final CopyOnWriteArrayList<VoiceConnection> connections = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public VoiceSendLoop() {
        thread = Thread.ofPlatform().name("voice-sender").daemon(true).priority(Thread.MAX_PRIORITY).start(this::run);
    }

    void add(VoiceConnection connection) {
        connections.addIfAbsent(connection);
    }

    void remove(VoiceConnection connection) {
        connections.remove(connection);
    }

    public int connections() {
        return connections.size();
    }

    private void run() {
        long deadline = System.nanoTime();
        while (running) {
            deadline += FRAME_NANOS;
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait >= FRAME_NANOS) {
                // Fell a whole frame behind: those frames are lost, not sent in a burst.
                long missed = -wait / FRAME_NANOS;
                deadline += missed * FRAME_NANOS;
                connections.forEach(c -> c.stats().deficit.addAndGet(missed));
            }
            for (VoiceConnection connection : connections) {
                try {
                    connection.sendNextFrame();
                } catch (RuntimeException e) {
                    LOG.warnf("Voice frame for guild %s not sent: %s", connection.guildId(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
