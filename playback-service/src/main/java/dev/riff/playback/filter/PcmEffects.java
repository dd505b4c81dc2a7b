package dev.riff.playback.filter;

import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;

/**
 * The per-sample effects behind Lavalink's filters, each a lavaplayer float PCM filter passing its
 * output on to the next. Samples are floats in [-1, 1]; effects that work on a stereo image pass
 * other layouts through unchanged. Each keeps its own state (phases, delay lines), reset on a seek.
 */
final class PcmEffects {

    private PcmEffects() {
    }

    /** The common part: the next filter, and nothing to do on a flush or close. */
    abstract static class Effect implements FloatPcmAudioFilter {
        final FloatPcmAudioFilter next;

        Effect(FloatPcmAudioFilter next) {
            this.next = next;
        }

        @Override
        public void process(float[][] input, int offset, int length) throws InterruptedException {
            apply(input, offset, length);
            next.process(input, offset, length);
        }

        abstract void apply(float[][] input, int offset, int length);

        @Override
        public void seekPerformed(long requestedTime, long providedTime) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    static float clamp(double value) {
        return (float) Math.max(-1, Math.min(1, value));
    }

    /** Multiplies every sample. */
    static final class Volume extends Effect {
        private final float volume;

        Volume(FloatPcmAudioFilter next, float volume) {
            super(next);
            this.volume = volume;
        }

        @Override
        void apply(float[][] input, int offset, int length) {
            for (float[] channel : input) {
                for (int i = offset; i < offset + length; i++) {
                    channel[i] = clamp(channel[i] * volume);
                }
            }
        }
    }

    /** Amplitude modulation: the level swings between 1 and 1 - depth at {@code frequency} Hz. */
    static final class Tremolo extends Effect {
        private final double step;
        private final double depth;
        private double phase;

        Tremolo(FloatPcmAudioFilter next, int sampleRate, double frequency, double depth) {
            super(next);
            this.step = 2 * Math.PI * frequency / sampleRate;
            this.depth = depth;
        }

        @Override
        void apply(float[][] input, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                double gain = 1 - depth / 2 + depth / 2 * Math.sin(phase);
                for (float[] channel : input) {
                    channel[i] = (float) (channel[i] * gain);
                }
                phase = (phase + step) % (2 * Math.PI);
            }
        }
    }

    /**
     * Pitch modulation: each channel read through a short delay line whose length swings with a
     * sine at {@code frequency} Hz (at most 2 ms, scaled by depth), interpolated between samples
     * with a four-point cubic (Hermite) curve.
     */
    static final class Vibrato extends Effect {
        private static final int GUARD = 3;
        private final double step;
        private final double depth;
        private final int maxDelay;
        private final float[][] lines;
        private int write;
        private double phase;

        Vibrato(FloatPcmAudioFilter next, int sampleRate, int channels, double frequency, double depth) {
            super(next);
            this.step = 2 * Math.PI * frequency / sampleRate;
            this.depth = depth;
            this.maxDelay = Math.max(1, (int) (0.002 * sampleRate));
            this.lines = new float[channels][2 * maxDelay + 2 * GUARD + 1];
        }

        @Override
        void apply(float[][] input, int offset, int length) {
            int size = lines[0].length;
            for (int i = offset; i < offset + length; i++) {
                double delay = (Math.sin(phase) + 1) / 2 * depth * maxDelay + GUARD;
                double read = write - delay;
                int whole = (int) Math.floor(read);
                double fraction = read - whole;
                for (int c = 0; c < input.length && c < lines.length; c++) {
                    float[] line = lines[c];
                    line[write] = input[c][i];
                    float y0 = line[Math.floorMod(whole - 1, size)];
                    float y1 = line[Math.floorMod(whole, size)];
                    float y2 = line[Math.floorMod(whole + 1, size)];
                    float y3 = line[Math.floorMod(whole + 2, size)];
                    double c1 = 0.5 * (y2 - y0);
                    double c2 = y0 - 2.5 * y1 + 2 * y2 - 0.5 * y3;
                    double c3 = 0.5 * (y3 - y0) + 1.5 * (y1 - y2);
                    input[c][i] = clamp(((c3 * fraction + c2) * fraction + c1) * fraction + y1);
                }
                write = (write + 1) % size;
                phase = (phase + step) % (2 * Math.PI);
            }
        }

        @Override
        public void seekPerformed(long requestedTime, long providedTime) {
            for (float[] line : lines) {
                java.util.Arrays.fill(line, 0f);
            }
        }
    }

    /** The sound circles the listener: a sine pans it between left and right at {@code hertz}. */
    static final class Rotation extends Effect {
        private final double step;
        private double phase;

        Rotation(FloatPcmAudioFilter next, int sampleRate, double hertz) {
            super(next);
            this.step = 2 * Math.PI * hertz / sampleRate;
        }

        @Override
        void apply(float[][] input, int offset, int length) {
            if (input.length != 2) {
                return;
            }
            for (int i = offset; i < offset + length; i++) {
                double pan = Math.sin(phase);
                input[0][i] = (float) (input[0][i] * (pan + 1) / 2);
                input[1][i] = (float) (input[1][i] * (1 - pan) / 2);
                phase = (phase + step) % (2 * Math.PI);
            }
        }
    }

    /** Waveshaping by sine, cosine and tangent of the sample, each with an offset and a scale. */
    static final class Distortion extends Effect {
        private final double sinOffset;
        private final double sinScale;
        private final double cosOffset;
        private final double cosScale;
        private final double tanOffset;
        private final double tanScale;
        private final double offset;
        private final double scale;

        Distortion(FloatPcmAudioFilter next, double[] values) {
            super(next);
            this.sinOffset = values[0];
            this.sinScale = values[1];
            this.cosOffset = values[2];
            this.cosScale = values[3];
            this.tanOffset = values[4];
            this.tanScale = values[5];
            this.offset = values[6];
            this.scale = values[7];
        }

        @Override
        void apply(float[][] input, int from, int length) {
            for (float[] channel : input) {
                for (int i = from; i < from + length; i++) {
                    double x = channel[i];
                    double shaped = (sinOffset + Math.sin(x * sinScale)) * (cosOffset + Math.cos(x * cosScale))
                            * (tanOffset + Math.tan(x * tanScale));
                    channel[i] = clamp(offset + scale * shaped);
                }
            }
        }
    }

    /** Each output channel a mix of both inputs: 1/0/0/1 is unchanged, 0.5 everywhere is mono. */
    static final class ChannelMix extends Effect {
        private final double leftToLeft;
        private final double leftToRight;
        private final double rightToLeft;
        private final double rightToRight;

        ChannelMix(FloatPcmAudioFilter next, double leftToLeft, double leftToRight, double rightToLeft, double rightToRight) {
            super(next);
            this.leftToLeft = leftToLeft;
            this.leftToRight = leftToRight;
            this.rightToLeft = rightToLeft;
            this.rightToRight = rightToRight;
        }

        @Override
        void apply(float[][] input, int offset, int length) {
            if (input.length != 2) {
                return;
            }
            for (int i = offset; i < offset + length; i++) {
                float left = input[0][i];
                float right = input[1][i];
                input[0][i] = clamp(leftToLeft * left + rightToLeft * right);
                input[1][i] = clamp(leftToRight * left + rightToRight * right);
            }
        }
    }

    /** A one-pole low-pass: each sample moves 1/smoothing of the way towards the input; higher is smoother. */
    static final class LowPass extends Effect {
        private final double smoothing;
        private final float[] state;
        private boolean primed;

        LowPass(FloatPcmAudioFilter next, int channels, double smoothing) {
            super(next);
            this.smoothing = smoothing;
            this.state = new float[channels];
        }

        @Override
        void apply(float[][] input, int offset, int length) {
            if (!primed && length > 0) {
                for (int c = 0; c < input.length && c < state.length; c++) {
                    state[c] = input[c][offset];
                }
                primed = true;
            }
            for (int c = 0; c < input.length && c < state.length; c++) {
                float value = state[c];
                for (int i = offset; i < offset + length; i++) {
                    value += (float) ((input[c][i] - value) / smoothing);
                    input[c][i] = value;
                }
                state[c] = value;
            }
        }

        @Override
        public void seekPerformed(long requestedTime, long providedTime) {
            primed = false;
        }
    }

    /**
     * Voice removal: what is the same in both channels (usually the voice) is cancelled by
     * subtracting each channel from the other, and the mono mix's band around {@code band} Hz
     * (a two-pole band-pass of {@code width} Hz) is put back, so bass and drums stay.
     */
    static final class Karaoke extends Effect {
        private final double level;
        private final double monoLevel;
        private final double a;
        private final double b;
        private final double c;
        private double y1;
        private double y2;

        Karaoke(FloatPcmAudioFilter next, int sampleRate, double level, double monoLevel, double band, double width) {
            super(next);
            this.level = level;
            this.monoLevel = monoLevel;
            this.c = Math.exp(-2 * Math.PI * width / sampleRate);
            this.b = -4 * c / (1 + c) * Math.cos(2 * Math.PI * band / sampleRate);
            this.a = Math.sqrt(1 - b * b / (4 * c)) * (1 - c);
        }

        @Override
        void apply(float[][] input, int offset, int length) {
            if (input.length != 2) {
                return;
            }
            for (int i = offset; i < offset + length; i++) {
                double left = input[0][i];
                double right = input[1][i];
                double y = a * ((left + right) / 2) - b * y1 - c * y2;
                y2 = y1;
                y1 = y;
                double kept = y * monoLevel * level;
                input[0][i] = clamp(left - right * level + kept);
                input[1][i] = clamp(right - left * level + kept);
            }
        }

        @Override
        public void seekPerformed(long requestedTime, long providedTime) {
            y1 = 0;
            y2 = 0;
        }
    }
}
