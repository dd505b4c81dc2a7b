package dev.riff.playback.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The /filter presets of Riff's own guilds, each written as the Lavalink filters object a Lavalink
 * client would send for it, so both reach the same parser and the same lavaplayer chain.
 */
public final class FilterPresets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LAVALINK_FILTERS = new LinkedHashMap<>();

    static {
        LAVALINK_FILTERS.put("off", "{}");
        LAVALINK_FILTERS.put("bassboost", """
                {"equalizer":[{"band":0,"gain":0.2},{"band":1,"gain":0.15},{"band":2,"gain":0.1},{"band":3,"gain":0.05},{"band":5,"gain":-0.05}]}""");
        LAVALINK_FILTERS.put("nightcore", """
                {"timescale":{"speed":1.2,"pitch":1.2}}""");
        LAVALINK_FILTERS.put("vaporwave", """
                {"timescale":{"speed":0.85,"pitch":0.8},"equalizer":[{"band":0,"gain":0.15},{"band":1,"gain":0.15}]}""");
        LAVALINK_FILTERS.put("8d", """
                {"rotation":{"rotationHz":0.2}}""");
        LAVALINK_FILTERS.put("karaoke", """
                {"karaoke":{"level":1,"monoLevel":1,"filterBand":220,"filterWidth":100}}""");
        LAVALINK_FILTERS.put("tremolo", """
                {"tremolo":{"frequency":4,"depth":0.6}}""");
        LAVALINK_FILTERS.put("vibrato", """
                {"vibrato":{"frequency":4,"depth":0.5}}""");
        LAVALINK_FILTERS.put("soft", """
                {"lowPass":{"smoothing":20}}""");
    }

    private FilterPresets() {
    }

    /** The preset names, as /filter offers them. */
    public static Iterable<String> names() {
        return LAVALINK_FILTERS.keySet();
    }

    /** The preset's filters; an unknown name (a row written by a newer node, say) plays unfiltered. */
    public static AudioFilters of(String preset) {
        String filters = LAVALINK_FILTERS.getOrDefault(preset, "{}");
        try {
            return AudioFilters.parse(JSON.readTree(filters), JSON.createObjectNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("preset " + preset + " is not JSON", e);
        }
    }
}
