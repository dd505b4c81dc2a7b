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
 * A player's Lavalink filters: read and checked when they arrive (a value out of its documented
 * range is a 400 then, not a failure later on the audio thread), and applied as a lavaplayer filter
 * chain in Lavalink's order: low pass, channel mix, rotation, distortion, vibrato, tremolo, timescale,
 * karaoke, equalizer, volume. Plugin filters are refused by name: the node has no plugins.
 */
final class LavalinkFilters {

    /** What /v4/info lists under filters. */
    static final List<String> SUPPORTED = List.of("volume", "equalizer", "karaoke", "timescale", "tremolo", "vibrato", "distortion",
            "rotation", "channelMix", "lowPass");
    private static final String[] DISTORTION_KEYS = {"sinOffset", "sinScale", "cosOffset", "cosScale", "tanOffset", "tanScale", "offset", "scale"};
    private static final double[] DISTORTION_DEFAULTS = {0, 1, 0, 1, 0, 1, 0, 1};

    private final ObjectNode json;
    private float volume = 1f;
    private float[] gains;
    private double[] karaoke;
    private double[] timescale;
    private double[] tremolo;
    private double[] vibrato;
    private double[] distortion;
    private double rotationHz;
    private double[] channelMix;
    private double lowPass;

    private LavalinkFilters(ObjectNode json) {
        this.json = json;
    }

    static LavalinkFilters none(ObjectNode empty) {
        return new LavalinkFilters(empty);
    }

    /** Reads a PATCH's filters object, which replaces the whole set; absent or null keys are off. */
    static LavalinkFilters parse(JsonNode filters, ObjectNode emptyObject) {
        if (!filters.isObject()) {
            throw LavalinkError.badRequest("filters must be an object");
        }
        Set<String> unsupported = new TreeSet<>();
        filters.fieldNames().forEachRemaining(name -> {
            JsonNode value = filters.get(name);
            boolean empty = value.isNull() || value.isObject() && value.isEmpty() && name.equals("pluginFilters");
            if (!SUPPORTED.contains(name) && !empty) {
                unsupported.add(name);
            }
        });
        if (!unsupported.isEmpty()) {
            throw LavalinkError.badRequest("Following filters are not supported by this node: " + String.join(", ", unsupported));
        }
        LavalinkFilters parsed = new LavalinkFilters(emptyObject);
        JsonNode volume = given(filters, "volume");
        if (volume != null) {
            parsed.volume = (float) number(volume, "filters.volume", 0, 5);
            emptyObject.put("volume", parsed.volume);
        }
        JsonNode bands = given(filters, "equalizer");
        if (bands != null) {
            parsed.gains = equalizer(bands);
            var list = emptyObject.putArray("equalizer");
            for (int i = 0; i < parsed.gains.length; i++) {
                if (parsed.gains[i] != 0f) {
                    list.addObject().put("band", i).put("gain", parsed.gains[i]);
                }
            }
        }
        JsonNode karaoke = object(filters, "karaoke");
        if (karaoke != null) {
            parsed.karaoke = new double[] {
                number(karaoke, "level", 1.0, "filters.karaoke.level", 0, 1),
                number(karaoke, "monoLevel", 1.0, "filters.karaoke.monoLevel", 0, 1),
                number(karaoke, "filterBand", 220.0, "filters.karaoke.filterBand", 1, 24_000),
                number(karaoke, "filterWidth", 100.0, "filters.karaoke.filterWidth", 1, 24_000)};
            emptyObject.putObject("karaoke").put("level", parsed.karaoke[0]).put("monoLevel", parsed.karaoke[1])
                    .put("filterBand", parsed.karaoke[2]).put("filterWidth", parsed.karaoke[3]);
        }
        JsonNode timescale = object(filters, "timescale");
        if (timescale != null) {
            double[] values = {
                positive(timescale, "speed", 1.0, "filters.timescale.speed", 10),
                positive(timescale, "pitch", 1.0, "filters.timescale.pitch", 10),
                positive(timescale, "rate", 1.0, "filters.timescale.rate", 10)};
            emptyObject.putObject("timescale").put("speed", values[0]).put("pitch", values[1]).put("rate", values[2]);
            parsed.timescale = values[0] == 1 && values[1] == 1 && values[2] == 1 ? null : values;
        }
        JsonNode tremolo = object(filters, "tremolo");
        if (tremolo != null) {
            parsed.tremolo = new double[] {
                positive(tremolo, "frequency", 2.0, "filters.tremolo.frequency", 1_000),
                positive(tremolo, "depth", 0.5, "filters.tremolo.depth", 1)};
            emptyObject.putObject("tremolo").put("frequency", parsed.tremolo[0]).put("depth", parsed.tremolo[1]);
        }
        JsonNode vibrato = object(filters, "vibrato");
        if (vibrato != null) {
            parsed.vibrato = new double[] {
                positive(vibrato, "frequency", 2.0, "filters.vibrato.frequency", 14),
                positive(vibrato, "depth", 0.5, "filters.vibrato.depth", 1)};
            emptyObject.putObject("vibrato").put("frequency", parsed.vibrato[0]).put("depth", parsed.vibrato[1]);
        }
        JsonNode distortion = object(filters, "distortion");
        if (distortion != null) {
            double[] values = new double[DISTORTION_KEYS.length];
            ObjectNode kept = emptyObject.putObject("distortion");
            for (int i = 0; i < values.length; i++) {
                values[i] = number(distortion, DISTORTION_KEYS[i], DISTORTION_DEFAULTS[i], "filters.distortion." + DISTORTION_KEYS[i], -100, 100);
                kept.put(DISTORTION_KEYS[i], values[i]);
            }
            // At their defaults the terms still shape the signal (sin x cos x tan x), so, as in Lavalink, only a change turns it on.
            parsed.distortion = java.util.Arrays.equals(values, DISTORTION_DEFAULTS) ? null : values;
        }
        JsonNode rotation = object(filters, "rotation");
        if (rotation != null) {
            parsed.rotationHz = number(rotation, "rotationHz", 0.0, "filters.rotation.rotationHz", 0, 1_000);
            emptyObject.putObject("rotation").put("rotationHz", parsed.rotationHz);
        }
        JsonNode mix = object(filters, "channelMix");
        if (mix != null) {
            parsed.channelMix = new double[] {
                number(mix, "leftToLeft", 1.0, "filters.channelMix.leftToLeft", 0, 1),
                number(mix, "leftToRight", 0.0, "filters.channelMix.leftToRight", 0, 1),
                number(mix, "rightToLeft", 0.0, "filters.channelMix.rightToLeft", 0, 1),
                number(mix, "rightToRight", 1.0, "filters.channelMix.rightToRight", 0, 1)};
            emptyObject.putObject("channelMix").put("leftToLeft", parsed.channelMix[0]).put("leftToRight", parsed.channelMix[1])
                    .put("rightToLeft", parsed.channelMix[2]).put("rightToRight", parsed.channelMix[3]);
        }
        JsonNode lowPass = object(filters, "lowPass");
        if (lowPass != null) {
            parsed.lowPass = number(lowPass, "smoothing", 20.0, "filters.lowPass.smoothing", 0, 10_000);
            emptyObject.putObject("lowPass").put("smoothing", parsed.lowPass);
        }
        return parsed;
    }

    ObjectNode json() {
        return json;
    }

    /** The lavaplayer filter chain, or null when nothing changes the audio (lavaplayer then passes Opus through). */
    PcmFilterFactory factory() {
        boolean identityMix = channelMix == null || channelMix[0] == 1 && channelMix[1] == 0 && channelMix[2] == 0 && channelMix[3] == 1;
        if (volume == 1f && gains == null && karaoke == null && timescale == null && tremolo == null && vibrato == null && distortion == null
                && rotationHz == 0 && identityMix && lowPass <= 1) {
            return null;
        }
        return (track, format, output) -> {
            List<AudioFilter> chain = new ArrayList<>();
            int rate = format.sampleRate;
            FloatPcmAudioFilter next = output;
            if (volume != 1f) {
                next = first(chain, new PcmEffects.Volume(next, volume));
            }
            if (gains != null && Equalizer.isCompatible(format)) {
                Equalizer equalizer = new Equalizer(format.channelCount, next);
                for (int band = 0; band < gains.length; band++) {
                    equalizer.setGain(band, gains[band]);
                }
                next = first(chain, equalizer);
            }
            if (karaoke != null) {
                next = first(chain, new PcmEffects.Karaoke(next, rate, karaoke[0], karaoke[1], karaoke[2], karaoke[3]));
            }
            if (timescale != null) {
                next = first(chain, new TimeStretch(next, format.channelCount, timescale[0], timescale[1], timescale[2]));
            }
            if (tremolo != null) {
                next = first(chain, new PcmEffects.Tremolo(next, rate, tremolo[0], tremolo[1]));
            }
            if (vibrato != null) {
                next = first(chain, new PcmEffects.Vibrato(next, rate, format.channelCount, vibrato[0], vibrato[1]));
            }
            if (distortion != null) {
                next = first(chain, new PcmEffects.Distortion(next, distortion));
            }
            if (rotationHz != 0) {
                next = first(chain, new PcmEffects.Rotation(next, rate, rotationHz));
            }
            if (!identityMix) {
                next = first(chain, new PcmEffects.ChannelMix(next, channelMix[0], channelMix[1], channelMix[2], channelMix[3]));
            }
            if (lowPass > 1) {
                first(chain, new PcmEffects.LowPass(next, format.channelCount, lowPass));
            }
            return chain;
        };
    }

    private static FloatPcmAudioFilter first(List<AudioFilter> chain, FloatPcmAudioFilter filter) {
        chain.addFirst(filter);
        return filter;
    }

    private static float[] equalizer(JsonNode bands) {
        if (!bands.isArray() || bands.size() > Equalizer.BAND_COUNT) {
            throw LavalinkError.badRequest("filters.equalizer must be a list of at most " + Equalizer.BAND_COUNT + " bands");
        }
        float[] gains = new float[Equalizer.BAND_COUNT];
        for (JsonNode band : bands) {
            if (!band.path("band").isInt() || band.path("band").asInt() < 0 || band.path("band").asInt() >= Equalizer.BAND_COUNT) {
                throw LavalinkError.badRequest("filters.equalizer band must be 0 to " + (Equalizer.BAND_COUNT - 1));
            }
            // The protocol's default gain is 1.0 when a band leaves it out.
            gains[band.path("band").asInt()] = (float) number(band, "gain", 1.0, "filters.equalizer gain", -0.25, 1.0);
        }
        return gains;
    }

    private static JsonNode given(JsonNode filters, String name) {
        JsonNode value = filters.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static JsonNode object(JsonNode filters, String name) {
        JsonNode value = given(filters, name);
        if (value != null && !value.isObject()) {
            throw LavalinkError.badRequest("filters." + name + " must be an object");
        }
        return value;
    }

    private static double number(JsonNode value, String what, double min, double max) {
        if (!value.isNumber() || !(value.asDouble() >= min && value.asDouble() <= max)) {
            throw LavalinkError.badRequest(what + " must be a number from " + min + " to " + max);
        }
        return value.asDouble();
    }

    private static double number(JsonNode filter, String key, double fallback, String what, double min, double max) {
        JsonNode value = filter.get(key);
        return value == null || value.isNull() ? fallback : number(value, what, min, max);
    }

    /** A number above 0 and at most {@code max}. */
    private static double positive(JsonNode filter, String key, double fallback, String what, double max) {
        double value = number(filter, key, fallback, what, 0, max);
        if (value <= 0) {
            throw LavalinkError.badRequest(what + " must be above 0");
        }
        return value;
    }
}
