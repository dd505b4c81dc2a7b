package dev.riff.devkit.audio;

import com.sedmelluq.discord.lavaplayer.natives.opus.OpusEncoder;
import dev.riff.voice.OpusSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/** A sine tone as 20 ms Opus frames (48 kHz stereo), for testing voice paths without a music source. */
public final class OpusTone implements OpusSource, AutoCloseable {

    private static final int SAMPLE_RATE = 48_000;
    private static final int FRAME_SAMPLES = 960;

    private final double frequency;
    private final OpusEncoder encoder = new OpusEncoder(SAMPLE_RATE, 2, 10);
    private final ShortBuffer pcm = ByteBuffer.allocateDirect(FRAME_SAMPLES * 2 * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
    private final ByteBuffer encoded = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
    private long sampleIndex;
    private volatile boolean paused;

    public OpusTone(double frequency) {
        this.frequency = frequency;
    }

    public void paused(boolean paused) {
        this.paused = paused;
    }

    @Override
    public synchronized byte[] nextFrame() {
        if (paused) {
            return null;
        }
        pcm.clear();
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            short value = (short) (Math.sin(2 * Math.PI * frequency * sampleIndex++ / SAMPLE_RATE) * 12_000);
            pcm.put(value).put(value);
        }
        pcm.flip();
        encoded.clear();
        int length = encoder.encode(pcm, FRAME_SAMPLES, encoded);
        byte[] frame = new byte[length];
        encoded.get(frame, 0, length);
        return frame;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
