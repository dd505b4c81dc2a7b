package dev.riff.devkit.audio;

/** What a listener would notice about received audio: its dominant frequency and its loudness. */
public final class ToneAnalysis {

    private ToneAnalysis() {
    }

    /** The strongest frequency between {@code minHz} and {@code maxHz} (1 Hz steps, Goertzel). */
    public static int dominantFrequency(short[] samples, int sampleRate, int minHz, int maxHz) {
        int best = minHz;
        double bestPower = -1;
        for (int hz = minHz; hz <= maxHz; hz++) {
            double power = power(samples, sampleRate, hz);
            if (power > bestPower) {
                bestPower = power;
                best = hz;
            }
        }
        return best;
    }

    /** Root-mean-square amplitude, 0 for silence, up to 32767. */
    public static double rms(short[] samples) {
        double sum = 0;
        for (short sample : samples) {
            sum += (double) sample * sample;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    private static double power(short[] samples, int sampleRate, int hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        for (short sample : samples) {
            double current = sample + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    }
}
