package dev.riff.playback.lavalink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sedmelluq.discord.lavaplayer.filter.AudioFilter;
import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;
import com.sedmelluq.discord.lavaplayer.filter.PcmFilterFactory;
import com.sedmelluq.discord.lavaplayer.filter.equalizer.Equalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A player's Lavalink filters, checked when they arrive (a value out of its documented range is a 400,
 * not a failure later on the audio thread) and applied as a lavaplayer filter chain: the equalizer,
 * then the volume multiplier, then the player's output. Filters this node does not apply yet are
 * refused by name rather than accepted and ignored.
 */
final class LavalinkFilters {

    /** What /v4/info lists under filters. */
    static final List<String> SUPPORTED = List.of("volume", "equalizer");

    private final ObjectNode json;
    private final float volume;
    private final float[] gains;

    private LavalinkFilters(ObjectNode json, float volume, float[] gains) {
        this.json = json;
        this.volume = volume;
        this.gains = gains;
    }

    static LavalinkFilters none(ObjectNode empty) {
        return new LavalinkFilters(empty, 1f, null);
    }

    /** Reads a PATCH's filters object, which replaces the whole set; absent or null keys are off. */
    static LavalinkFilters parse(JsonNode filters, ObjectNode emptyObject) {
        if (!filters.isObject()) {
            throw LavalinkError.badRequest("filters must be an object");
        }
        Set<String> unsupported = new TreeSet<>();
        filters.fieldNames().forEachRemaining(name -> {
            if (!SUPPORTED.contains(name) && !filters.get(name).isNull()) {
                unsupported.add(name);
            }
        });
        if (!unsupported.isEmpty()) {
            throw LavalinkError.badRequest("Following filters are not supported by this node: " + String.join(", ", unsupported));
        }
        ObjectNode kept = emptyObject;
        float volume = 1f;
        JsonNode volumeNode = filters.path("volume");
        if (!volumeNode.isMissingNode() && !volumeNode.isNull()) {
            if (!volumeNode.isNumber() || volumeNode.asDouble() < 0 || volumeNode.asDouble() > 5) {
                throw LavalinkError.badRequest("filters.volume must be a number from 0.0 to 5.0");
            }
            volume = (float) volumeNode.asDouble();
            kept.put("volume", volume);
        }
        float[] gains = null;
        JsonNode bands = filters.path("equalizer");
        if (!bands.isMissingNode() && !bands.isNull()) {
            if (!bands.isArray() || bands.size() > Equalizer.BAND_COUNT) {
                throw LavalinkError.badRequest("filters.equalizer must be a list of at most " + Equalizer.BAND_COUNT + " bands");
            }
            gains = new float[Equalizer.BAND_COUNT];
            for (JsonNode band : bands) {
                int index = band.path("band").asInt(-1);
                // The protocol's default gain is 1.0 when a band leaves it out.
                double gain = band.has("gain") ? band.path("gain").asDouble(Double.NaN) : 1.0;
                if (!band.path("band").isInt() || index < 0 || index >= Equalizer.BAND_COUNT) {
                    throw LavalinkError.badRequest("filters.equalizer band must be 0 to " + (Equalizer.BAND_COUNT - 1));
                }
                if (!(gain >= -0.25 && gain <= 1.0)) {
                    throw LavalinkError.badRequest("filters.equalizer gain must be from -0.25 to 1.0");
                }
                gains[index] = (float) gain;
            }
            var list = kept.putArray("equalizer");
            for (int i = 0; i < gains.length; i++) {
                if (gains[i] != 0f) {
                    list.addObject().put("band", i).put("gain", gains[i]);
                }
            }
        }
        return new LavalinkFilters(kept, volume, gains);
    }

    ObjectNode json() {
        return json;
    }

    /** The lavaplayer filter chain, or null when nothing changes the audio (lavaplayer then passes Opus through). */
    PcmFilterFactory factory() {
        if (volume == 1f && gains == null) {
            return null;
        }
        return (track, format, output) -> {
            List<AudioFilter> chain = new ArrayList<>();
            FloatPcmAudioFilter next = output;
            if (volume != 1f) {
                next = new VolumeFilter(next, volume);
                chain.addFirst(next);
            }
            if (gains != null && Equalizer.isCompatible(format)) {
                Equalizer equalizer = new Equalizer(format.channelCount, next);
                for (int band = 0; band < gains.length; band++) {
                    equalizer.setGain(band, gains[band]);
                }
                chain.addFirst(equalizer);
            }
            return chain;
        };
    }

    /** Multiplies every sample, clamped to full scale. */
    private static final class VolumeFilter implements FloatPcmAudioFilter {
        private final FloatPcmAudioFilter next;
        private final float volume;

        VolumeFilter(FloatPcmAudioFilter next, float volume) {
            this.next = next;
            this.volume = volume;
        }

        @Override
        public void process(float[][] input, int offset, int length) throws InterruptedException {
            for (float[] channel : input) {
                for (int i = offset; i < offset + length; i++) {
                    channel[i] = Math.max(-1f, Math.min(1f, channel[i] * volume));
                }
            }
            next.process(input, offset, length);
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
