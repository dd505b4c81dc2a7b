package dev.riff.playback.filter;

import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;
import java.util.Arrays;

/**
 * Lavalink's timescale: {@code speed} changes the tempo and keeps the pitch, {@code pitch} changes the
 * pitch and keeps the tempo, {@code rate} changes both, as a record played faster. Done in two steps:
 * a time stretch by speed / pitch (WSOLA: Hann-windowed frames overlap-added at a fixed output hop,
 * each taken from where in the input it best continues the last one), then a resampling by
 * pitch × rate (four-point cubic interpolation).
 */
final class TimeStretch implements FloatPcmAudioFilter {

    private static final int WINDOW = 1024;
    private static final int HOP = WINDOW / 2;
    private static final int SEEK = 256;
    private static final float[] HANN = new float[WINDOW];

    static {
        for (int i = 0; i < WINDOW; i++) {
            HANN[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / WINDOW));
        }
    }

    private final FloatPcmAudioFilter next;
    private final int channels;
    private final double tempo;
    private final double resample;
    /** Input not yet consumed; {@code start} is the absolute input index of its first sample. */
    private float[][] input;
    private int inputLength;
    private long start;
    /** Where (absolute, in input samples) the next frame should ideally be taken from, and where the last one was. */
    private double ideal;
    private long previous = -1;
    private final float[][] tail;
    /** The stretched signal waiting to be resampled, and the resampler's position in it. */
    private float[][] stretched;
    private int stretchedLength;
    private double position;

    TimeStretch(FloatPcmAudioFilter next, int channels, double speed, double pitch, double rate) {
        this.next = next;
        this.channels = channels;
        this.tempo = speed / pitch;
        this.resample = pitch * rate;
        this.input = new float[channels][WINDOW * 8];
        this.tail = new float[channels][HOP];
        this.stretched = new float[channels][WINDOW * 4];
    }

    @Override
    public void process(float[][] samples, int offset, int length) throws InterruptedException {
        append(samples, offset, length);
        while (inputLength - (long) (ideal - start) >= WINDOW + SEEK) {
            long at = bestStart((long) ideal);
            frame(at);
            previous = at;
            ideal += HOP * tempo;
            drop();
        }
        emitResampled();
    }

    private void append(float[][] samples, int offset, int length) {
        if (inputLength + length > input[0].length) {
            int size = Math.max(input[0].length * 2, inputLength + length);
            for (int c = 0; c < channels; c++) {
                input[c] = Arrays.copyOf(input[c], size);
            }
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(samples[Math.min(c, samples.length - 1)], offset, input[c], inputLength, length);
        }
        inputLength += length;
    }

    /** The frame start near {@code target} whose opening best matches what followed the previous frame. */
    private long bestStart(long target) {
        if (previous < 0) {
            return Math.max(start, target);
        }
        long natural = previous + HOP;
        long best = Math.max(start, target);
        double bestScore = -Double.MAX_VALUE;
        for (long candidate = Math.max(start, target - SEEK); candidate <= target + SEEK; candidate += 4) {
            if (candidate + WINDOW > start + inputLength || natural + HOP > start + inputLength) {
                break;
            }
            double score = 0;
            for (int i = 0; i < HOP; i += 2) {
                score += mono(candidate + i) * mono(natural + i);
            }
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }

    private float mono(long absolute) {
        int at = (int) (absolute - start);
        float sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += input[c][at];
        }
        return sum;
    }

    /** Overlap-adds one windowed frame: its first half completes the last frame's tail and goes out. */
    private void frame(long at) {
        int from = (int) (at - start);
        ensureStretched(HOP);
        for (int c = 0; c < channels; c++) {
            float[] in = input[c];
            for (int i = 0; i < HOP; i++) {
                stretched[c][stretchedLength + i] = tail[c][i] + in[from + i] * HANN[i];
                tail[c][i] = in[from + HOP + i] * HANN[HOP + i];
            }
        }
        stretchedLength += HOP;
    }

    /** Forgets input no frame can reach any more. */
    private void drop() {
        long keepFrom = Math.min((long) ideal - SEEK, previous + HOP);
        int drop = (int) Math.max(0, Math.min(inputLength, keepFrom - start));
        if (drop > WINDOW) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(input[c], drop, input[c], 0, inputLength - drop);
            }
            inputLength -= drop;
            start += drop;
        }
    }

    private void ensureStretched(int more) {
        if (stretchedLength + more > stretched[0].length) {
            for (int c = 0; c < channels; c++) {
                stretched[c] = Arrays.copyOf(stretched[c], Math.max(stretched[0].length * 2, stretchedLength + more));
            }
        }
    }

    /** Resamples what is stretched by {@code resample} and passes it on; keeps the last few samples for the curve. */
    private void emitResampled() throws InterruptedException {
        int available = (int) Math.max(0, Math.floor((stretchedLength - 3 - position) / resample));
        if (available <= 0) {
            return;
        }
        float[][] out = new float[channels][available];
        for (int n = 0; n < available; n++) {
            int whole = (int) position;
            double fraction = position - whole;
            for (int c = 0; c < channels; c++) {
                float[] s = stretched[c];
                float y0 = s[Math.max(0, whole - 1)];
                float y1 = s[whole];
                float y2 = s[whole + 1];
                float y3 = s[whole + 2];
                double c1 = 0.5 * (y2 - y0);
                double c2 = y0 - 2.5 * y1 + 2 * y2 - 0.5 * y3;
                double c3 = 0.5 * (y3 - y0) + 1.5 * (y1 - y2);
                out[c][n] = PcmEffects.clamp(((c3 * fraction + c2) * fraction + c1) * fraction + y1);
            }
            position += resample;
        }
        int used = Math.max(0, (int) position - 1);
        for (int c = 0; c < channels; c++) {
            System.arraycopy(stretched[c], used, stretched[c], 0, stretchedLength - used);
        }
        stretchedLength -= used;
        position -= used;
        next.process(out, 0, available);
    }

    @Override
    public void seekPerformed(long requestedTime, long providedTime) {
        inputLength = 0;
        start = 0;
        ideal = 0;
        previous = -1;
        stretchedLength = 0;
        position = 0;
        for (float[] channel : tail) {
            Arrays.fill(channel, 0f);
        }
    }

    @Override
    public void flush() {
        // lavaplayer flushes and closes every filter of the chain itself.
    }

    @Override
    public void close() {
    }
}
