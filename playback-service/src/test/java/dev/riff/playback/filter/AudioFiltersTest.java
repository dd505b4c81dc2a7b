package dev.riff.playback.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sedmelluq.discord.lavaplayer.filter.AudioFilter;
import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;
import com.sedmelluq.discord.lavaplayer.filter.UniversalPcmAudioFilter;
import com.sedmelluq.discord.lavaplayer.format.StandardAudioDataFormats;
import dev.riff.contracts.CommandOptions;
import dev.riff.devkit.audio.ToneAnalysis;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** What each Lavalink filter does to a known signal, and what is refused before anything changes. */
class AudioFiltersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE = 48_000;

    @Test
    void tremoloSwingsTheLevelByItsDepth() throws Exception {
        float[][] out = run("{\"tremolo\":{\"frequency\":5,\"depth\":1}}", t -> 0.5, t -> 0.5);
        assertEquals(0.0, min(out[0]), 0.01, "at depth 1 the level reaches silence");
        assertEquals(0.5, max(out[0]), 0.01, "and comes back to full");
    }

    @Test
    void channelMixCanSwapTheChannels() throws Exception {
        float[][] out = run("{\"channelMix\":{\"leftToLeft\":0,\"leftToRight\":1,\"rightToLeft\":1,\"rightToRight\":0}}", t -> 0.2, t -> -0.4);
        assertEquals(-0.4, out[0][RATE / 2], 1e-6);
        assertEquals(0.2, out[1][RATE / 2], 1e-6);
    }

    @Test
    void rotationPansBetweenTheChannels() throws Exception {
        float[][] out = run("{\"rotation\":{\"rotationHz\":1}}", t -> 0.5, t -> 0.5);
        assertEquals(0.5, out[0][RATE / 4], 0.01, "a quarter turn in: all left");
        assertEquals(0.0, out[1][RATE / 4], 0.01);
        assertEquals(0.0, out[0][3 * RATE / 4], 0.01, "three quarters: all right");
    }

    @Test
    void lowPassKeepsTheBassAndCutsTheTreble() throws Exception {
        float[][] bass = run("{\"lowPass\":{\"smoothing\":20}}", t -> 0.5 * Math.sin(2 * Math.PI * 50 * t), t -> 0);
        float[][] treble = run("{\"lowPass\":{\"smoothing\":20}}", t -> 0.5 * Math.sin(2 * Math.PI * 10_000 * t), t -> 0);
        assertTrue(rms(bass[0]) > 0.3, "50 Hz passes: " + rms(bass[0]));
        assertTrue(rms(treble[0]) < 0.05, "10 kHz is cut: " + rms(treble[0]));
    }

    @Test
    void vibratoBendsThePitchAroundTheNote() throws Exception {
        float[][] out = run("{\"vibrato\":{\"frequency\":4,\"depth\":1}}", t -> 0.5 * Math.sin(2 * Math.PI * 440 * t), t -> 0);
        short[] pcm = new short[RATE];
        double difference = 0;
        for (int i = 0; i < RATE; i++) {
            pcm[i] = (short) (out[0][i] * 32767);
            difference += Math.abs(out[0][i] - 0.5 * Math.sin(2 * Math.PI * 440 * i / (double) RATE));
        }
        assertEquals(440, ToneAnalysis.dominantFrequency(pcm, RATE, 100, 2000), 8, "still the same note");
        assertTrue(difference / RATE > 0.01, "but moved: " + difference / RATE);
    }

    @Test
    void karaokeCancelsWhatIsTheSameInBothChannels() throws Exception {
        float[][] out = run("{\"karaoke\":{\"level\":1,\"monoLevel\":1,\"filterBand\":220,\"filterWidth\":100}}",
                t -> 0.5 * Math.sin(2 * Math.PI * 3000 * t), t -> 0.5 * Math.sin(2 * Math.PI * 3000 * t));
        assertTrue(rms(out[0]) < 0.05, "a centred 3 kHz voice is gone: " + rms(out[0]));
    }

    @Test
    void timescaleSpeedChangesTheTempoAndKeepsThePitch() throws Exception {
        Stretched out = stretch(parse("{\"timescale\":{\"speed\":1.5}}"));
        assertEquals(1 / 1.5, out.lengthRatio, 0.05, "two seconds play in 1.33");
        assertEquals(440, out.dominantHz, 8);
    }

    @Test
    void timescalePitchChangesThePitchAndKeepsTheTempo() throws Exception {
        Stretched out = stretch(parse("{\"timescale\":{\"pitch\":1.5}}"));
        assertEquals(1.0, out.lengthRatio, 0.05);
        assertEquals(660, out.dominantHz, 10);
    }

    @Test
    void timescaleRateChangesBothAsARecordPlayedFaster() throws Exception {
        Stretched out = stretch(parse("{\"timescale\":{\"rate\":1.25}}"));
        assertEquals(1 / 1.25, out.lengthRatio, 0.05);
        assertEquals(550, out.dominantHz, 10);
    }

    @Test
    void nightcoreRaisesTheTempoAndTheNoteTogether() throws Exception {
        Stretched out = stretch(FilterPresets.of("nightcore"));
        assertEquals(1 / 1.2, out.lengthRatio, 0.05);
        assertEquals(528, out.dominantHz, 10);
    }

    @Test
    void everyFilterCommandPresetIsAValidFiltersObjectAndAllButOffChangeTheSound() {
        List<String> names = new java.util.ArrayList<>();
        FilterPresets.names().forEach(names::add);
        assertEquals(CommandOptions.Filter.PRESETS, names, "/filter offers exactly the presets a node has");
        for (String name : names) {
            assertEquals(name.equals("off"), FilterPresets.of(name).factory() == null, name);
        }
        assertNull(FilterPresets.of("from-a-newer-node").factory(), "an unknown saved preset plays unfiltered");
    }

    private record Stretched(double lengthRatio, double dominantHz) {
    }

    /** Two seconds of 440 Hz through a timescale: how long the output is next to the input, and its pitch. */
    private static Stretched stretch(AudioFilters filters) throws Exception {
        int seconds = 2;
        java.util.List<float[]> chunks = new java.util.ArrayList<>();
        int[] total = {0};
        UniversalPcmAudioFilter sink = new Capture() {
            @Override
            public void process(float[][] input, int offset, int length) {
                chunks.add(java.util.Arrays.copyOfRange(input[0], offset, offset + length));
                total[0] += length;
            }
        };
        List<AudioFilter> chain = filters.factory().buildChain(null, StandardAudioDataFormats.DISCORD_OPUS, sink);
        FloatPcmAudioFilter input = (FloatPcmAudioFilter) chain.getFirst();
        for (int chunk = 0; chunk < RATE * seconds; chunk += 960) {
            float[][] samples = new float[2][960];
            for (int i = 0; i < 960; i++) {
                samples[0][i] = samples[1][i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * (chunk + i) / (double) RATE));
            }
            input.process(samples, 0, 960);
        }
        short[] pcm = new short[total[0]];
        int at = 0;
        for (float[] chunk : chunks) {
            for (float sample : chunk) {
                pcm[at++] = (short) (sample * 32767);
            }
        }
        short[] steady = java.util.Arrays.copyOfRange(pcm, pcm.length / 4, pcm.length / 4 + RATE / 2);
        return new Stretched(total[0] / (double) (RATE * seconds), ToneAnalysis.dominantFrequency(steady, RATE, 100, 2000));
    }

    @Test
    void distortionAtItsDefaultsAndAnIdentityMixChangeNothing() {
        assertNull(AudioFilters.parse(JSON.createObjectNode().set("distortion", JSON.createObjectNode()), JSON.createObjectNode()).factory());
        assertNull(parse("{\"channelMix\":{}}").factory());
        assertNull(parse("{}").factory(), "no filters: lavaplayer passes Opus through");
        assertNull(parse("{\"timescale\":{\"speed\":1,\"pitch\":1,\"rate\":1}}").factory());
    }

    @Test
    void valuesOutOfRangeAndFiltersNotHereAreRefusedByName() {
        assertRefused("{\"tremolo\":{\"depth\":0}}", "filters.tremolo.depth");
        assertRefused("{\"vibrato\":{\"frequency\":15}}", "filters.vibrato.frequency");
        assertRefused("{\"volume\":6}", "filters.volume");
        assertRefused("{\"equalizer\":[{\"band\":15,\"gain\":0.1}]}", "band");
        assertRefused("{\"timescale\":{\"speed\":0}}", "filters.timescale.speed");
        assertRefused("{\"karaoke\":{\"level\":2}}", "filters.karaoke.level");
        assertRefused("{\"pluginFilters\":{\"echo\":{}}}", "pluginFilters");
    }

    private static void assertRefused(String filters, String named) {
        InvalidFilterException refused = assertThrows(InvalidFilterException.class, () -> parse(filters));
        assertTrue(refused.getMessage().contains(named), refused.getMessage());
    }

    private static AudioFilters parse(String filters) {
        try {
            return AudioFilters.parse(JSON.readTree(filters), JSON.createObjectNode());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One second of stereo through the filters' chain, as lavaplayer would pass it in 20 ms chunks. */
    private static float[][] run(String filters, DoubleUnaryOperator left, DoubleUnaryOperator right) throws Exception {
        Capture capture = new Capture();
        List<AudioFilter> chain = parse(filters).factory().buildChain(null, StandardAudioDataFormats.DISCORD_OPUS, capture);
        FloatPcmAudioFilter input = (FloatPcmAudioFilter) chain.getFirst();
        for (int chunk = 0; chunk < RATE; chunk += 960) {
            float[][] samples = new float[2][960];
            for (int i = 0; i < 960; i++) {
                double t = (chunk + i) / (double) RATE;
                samples[0][i] = (float) left.applyAsDouble(t);
                samples[1][i] = (float) right.applyAsDouble(t);
            }
            input.process(samples, 0, 960);
        }
        return capture.out;
    }

    private static double min(float[] samples) {
        double min = Double.MAX_VALUE;
        for (float sample : samples) {
            min = Math.min(min, sample);
        }
        return min;
    }

    private static double max(float[] samples) {
        double max = -Double.MAX_VALUE;
        for (float sample : samples) {
            max = Math.max(max, sample);
        }
        return max;
    }

    private static double rms(float[] samples) {
        double sum = 0;
        // The second half: past any filter's settling.
        for (int i = samples.length / 2; i < samples.length; i++) {
            sum += samples[i] * samples[i];
        }
        return Math.sqrt(sum / (samples.length / 2));
    }

    /** The end of the chain: keeps what reaches it. */
    private static class Capture implements UniversalPcmAudioFilter {
        final float[][] out = new float[2][RATE];
        private int written;

        @Override
        public void process(float[][] input, int offset, int length) {
            for (int c = 0; c < 2; c++) {
                System.arraycopy(input[c], offset, out[c], written, Math.min(length, RATE - written));
            }
            written += length;
        }

        @Override
        public void process(short[] input, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void process(java.nio.ShortBuffer buffer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void process(short[][] input, int offset, int length) {
            throw new UnsupportedOperationException();
        }

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

}
