package dev.riff.playback.filter;

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
 * A player's filters in the Lavalink v4 model, shared by Lavalink clients' players and the /filter
 * presets of Riff's own guilds: read and checked when they arrive (a value out of its documented
 * range is refused then, not a failure later on the audio thread), and applied as a lavaplayer filter
 * chain in Lavalink's order: low pass, channel mix, rotation, distortion, vibrato, tremolo, timescale,
 * karaoke, equalizer, volume. Plugin filters are refused by name: the node has no plugins.
 */
public final class AudioFilters {

    /** What /v4/info lists under filters. */
    public static final List<String> SUPPORTED = List.of("volume", "equalizer", "karaoke", "timescale", "tremolo", "vibrato", "distortion",
            "rotation", "channelMix", "lowPass");
    private static final Field[] DISTORTION = {
        new Field("sinOffset", 0, -100, 100, false), new Field("sinScale", 1, -100, 100, false),
        new Field("cosOffset", 0, -100, 100, false), new Field("cosScale", 1, -100, 100, false),
        new Field("tanOffset", 0, -100, 100, false), new Field("tanScale", 1, -100, 100, false),
        new Field("offset", 0, -100, 100, false), new Field("scale", 1, -100, 100, false)};

    /** One number of a filter: its default when left out, its range, and whether the range's low end is excluded. */
    private record Field(String key, double fallback, double min, double max, boolean aboveMin) {
    }

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

    private AudioFilters(ObjectNode json) {
        this.json = json;
    }

    public static AudioFilters none(ObjectNode empty) {
        return new AudioFilters(empty);
    }

    /** Reads a PATCH's filters object, which replaces the whole set; absent or null keys are off. */
    public static AudioFilters parse(JsonNode filters, ObjectNode emptyObject) {
        if (!filters.isObject()) {
            throw new InvalidFilterException("filters must be an object");
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
            throw new InvalidFilterException("Following filters are not supported by this node: " + String.join(", ", unsupported));
        }
        AudioFilters parsed = new AudioFilters(emptyObject);
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
        parsed.karaoke = read(filters, emptyObject, "karaoke",
                new Field("level", 1.0, 0, 1, false), new Field("monoLevel", 1.0, 0, 1, false),
                new Field("filterBand", 220.0, 1, 24_000, false), new Field("filterWidth", 100.0, 1, 24_000, false));
        double[] timescale = read(filters, emptyObject, "timescale",
                new Field("speed", 1.0, 0, 10, true), new Field("pitch", 1.0, 0, 10, true), new Field("rate", 1.0, 0, 10, true));
        parsed.timescale = timescale == null || timescale[0] == 1 && timescale[1] == 1 && timescale[2] == 1 ? null : timescale;
        parsed.tremolo = read(filters, emptyObject, "tremolo", new Field("frequency", 2.0, 0, 1_000, true), new Field("depth", 0.5, 0, 1, true));
        parsed.vibrato = read(filters, emptyObject, "vibrato", new Field("frequency", 2.0, 0, 14, true), new Field("depth", 0.5, 0, 1, true));
        double[] distortion = read(filters, emptyObject, "distortion", DISTORTION);
        // At their defaults the terms still shape the signal (sin x cos x tan x), so, as in Lavalink, only a change turns it on.
        parsed.distortion = distortion == null
                || java.util.Arrays.equals(distortion, java.util.Arrays.stream(DISTORTION).mapToDouble(Field::fallback).toArray()) ? null : distortion;
        double[] rotation = read(filters, emptyObject, "rotation", new Field("rotationHz", 0.0, 0, 1_000, false));
        parsed.rotationHz = rotation == null ? 0 : rotation[0];
        parsed.channelMix = read(filters, emptyObject, "channelMix",
                new Field("leftToLeft", 1.0, 0, 1, false), new Field("leftToRight", 0.0, 0, 1, false),
                new Field("rightToLeft", 0.0, 0, 1, false), new Field("rightToRight", 1.0, 0, 1, false));
        double[] lowPass = read(filters, emptyObject, "lowPass", new Field("smoothing", 20.0, 0, 10_000, false));
        parsed.lowPass = lowPass == null ? 0 : lowPass[0];
        return parsed;
    }

    public ObjectNode json() {
        return json;
    }

    /** The lavaplayer filter chain, or null when nothing changes the audio (lavaplayer then passes Opus through). */
    public PcmFilterFactory factory() {
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
            throw new InvalidFilterException("filters.equalizer must be a list of at most " + Equalizer.BAND_COUNT + " bands");
        }
        float[] gains = new float[Equalizer.BAND_COUNT];
        for (JsonNode band : bands) {
            if (!band.path("band").isInt() || band.path("band").asInt() < 0 || band.path("band").asInt() >= Equalizer.BAND_COUNT) {
                throw new InvalidFilterException("filters.equalizer band must be 0 to " + (Equalizer.BAND_COUNT - 1));
            }
            // The protocol's default gain is 1.0 when a band leaves it out.
            JsonNode gain = band.get("gain");
            gains[band.path("band").asInt()] = gain == null || gain.isNull() ? 1f : (float) number(gain, "filters.equalizer gain", -0.25, 1.0);
        }
        return gains;
    }

    private static JsonNode given(JsonNode filters, String name) {
        JsonNode value = filters.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /**
     * A filter's numbers, each defaulted when left out and checked against its range, also written
     * into what the player reports; null when the filter is not given.
     */
    private static double[] read(JsonNode filters, ObjectNode kept, String name, Field... fields) {
        JsonNode filter = given(filters, name);
        if (filter == null) {
            return null;
        }
        if (!filter.isObject()) {
            throw new InvalidFilterException("filters." + name + " must be an object");
        }
        ObjectNode echo = kept.putObject(name);
        double[] values = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Field field = fields[i];
            String what = "filters." + name + "." + field.key();
            JsonNode value = filter.get(field.key());
            values[i] = value == null || value.isNull() ? field.fallback() : number(value, what, field.min(), field.max());
            if (field.aboveMin() && values[i] <= field.min()) {
                throw new InvalidFilterException(what + " must be above " + (long) field.min());
            }
            echo.put(field.key(), values[i]);
        }
        return values;
    }

    private static double number(JsonNode value, String what, double min, double max) {
        if (!value.isNumber() || !(value.asDouble() >= min && value.asDouble() <= max)) {
            throw new InvalidFilterException(what + " must be a number from " + min + " to " + max);
        }
        return value.asDouble();
    }
}
