package dev.riff.playback.lavalink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.playback.filter.AudioFilters;
import dev.riff.playback.filter.InvalidFilterException;

/**
 * A Lavalink player update (the PATCH body), read and checked as a whole before anything changes.
 * Both the v4 form ({@code track: {encoded | identifier, userData}}) and the older top-level
 * {@code encodedTrack} / {@code identifier} are accepted, as Lavalink does.
 *
 * @param trackGiven whether a track was named (an {@code encoded} of null means stop)
 */
record PlayerUpdate(boolean trackGiven, String encoded, String identifier, JsonNode userData, Long position, boolean endTimeGiven,
        Long endTime, Integer volume, Boolean paused, AudioFilters filters, ObjectNode voice) {

    private static final int MAX_IDENTIFIER = 2048;

    static PlayerUpdate read(JsonNode body, ObjectMapper json) {
        if (body == null || !body.isObject()) {
            throw LavalinkError.badRequest("The player update must be a JSON object");
        }
        JsonNode track = body.get("track");
        boolean topLevel = body.has("encodedTrack") || body.has("identifier");
        if (track != null && !track.isNull() && topLevel) {
            throw LavalinkError.badRequest("Cannot specify both track and encodedTrack/identifier");
        }
        JsonNode source = track != null && !track.isNull() ? track : body;
        if (track != null && !track.isNull() && !track.isObject()) {
            throw LavalinkError.badRequest("track must be an object");
        }
        String encodedKey = source == body ? "encodedTrack" : "encoded";
        boolean encodedGiven = source.has(encodedKey);
        boolean identifierGiven = source.has("identifier");
        if (encodedGiven && identifierGiven) {
            throw LavalinkError.badRequest("Cannot specify both encodedTrack and identifier");
        }
        String encoded = encodedGiven ? text(source.get(encodedKey), encodedKey, true) : null;
        String identifier = identifierGiven ? text(source.get("identifier"), "identifier", false) : null;
        if (identifier != null && (identifier.isBlank() || identifier.length() > MAX_IDENTIFIER)) {
            throw LavalinkError.badRequest("identifier must be 1 to " + MAX_IDENTIFIER + " characters");
        }
        JsonNode userData = source == body ? null : source.get("userData");
        if (userData != null && !userData.isNull() && !userData.isObject()) {
            throw LavalinkError.badRequest("userData must be an object");
        }
        Long position = whole(body, "position", 0, Long.MAX_VALUE);
        boolean endTimeGiven = body.has("endTime");
        Long endTime = endTimeGiven && !body.get("endTime").isNull() ? whole(body, "endTime", 1, Long.MAX_VALUE) : null;
        Long volume = whole(body, "volume", 0, 1000);
        Boolean paused = null;
        if (body.has("paused") && !body.get("paused").isNull()) {
            if (!body.get("paused").isBoolean()) {
                throw LavalinkError.badRequest("paused must be true or false");
            }
            paused = body.get("paused").asBoolean();
        }
        AudioFilters filters = body.has("filters") && !body.get("filters").isNull() ? filters(body.get("filters"), json) : null;
        ObjectNode voice = null;
        if (body.has("voice") && !body.get("voice").isNull()) {
            voice = voice(body.get("voice"), json);
        }
        return new PlayerUpdate(encodedGiven || identifierGiven, encoded, identifier, userData == null || userData.isNull() ? null : userData,
                position, endTimeGiven, endTime, volume == null ? null : volume.intValue(), paused, filters, voice);
    }

    boolean changesTrack() {
        return trackGiven;
    }

    boolean stops() {
        return trackGiven && encoded == null && identifier == null;
    }

    PlayerUpdate withoutPosition() {
        return new PlayerUpdate(trackGiven, encoded, identifier, userData, null, endTimeGiven, endTime, volume, paused, filters, voice);
    }

    PlayerUpdate withoutUserData() {
        return new PlayerUpdate(trackGiven, encoded, identifier, null, position, endTimeGiven, endTime, volume, paused, filters, voice);
    }

    /** Discord's voice state for the guild: token, endpoint and session id, and the channel (DAVE's group) when given. */
    private static AudioFilters filters(JsonNode filters, ObjectMapper json) {
        try {
            return AudioFilters.parse(filters, json.createObjectNode());
        } catch (InvalidFilterException e) {
            throw LavalinkError.badRequest(e.getMessage());
        }
    }

    private static ObjectNode voice(JsonNode voice, ObjectMapper json) {
        if (!voice.isObject()) {
            throw LavalinkError.badRequest("voice must be an object");
        }
        ObjectNode kept = json.createObjectNode();
        for (String key : new String[] {"token", "endpoint", "sessionId"}) {
            JsonNode value = voice.get(key);
            if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > 512) {
                throw LavalinkError.badRequest("Partial Lavalink voice state: " + key + " is missing or empty");
            }
            kept.put(key, value.asText());
        }
        JsonNode channel = voice.get("channelId");
        if (channel != null && !channel.isNull()) {
            if (!channel.isTextual() || !channel.asText().matches("\\d{1,20}")) {
                throw LavalinkError.badRequest("voice.channelId must be a channel id");
            }
            kept.put("channelId", channel.asText());
        }
        return kept;
    }

    private static String text(JsonNode value, String name, boolean nullable) {
        if (value == null || value.isNull()) {
            if (nullable) {
                return null;
            }
            throw LavalinkError.badRequest(name + " must be a string");
        }
        if (!value.isTextual()) {
            throw LavalinkError.badRequest(name + " must be a string");
        }
        return value.asText();
    }

    private static Long whole(JsonNode body, String name, long min, long max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw LavalinkError.badRequest(name + " must be a whole number from " + min + (max == Long.MAX_VALUE ? "" : " to " + max));
        }
        return value.asLong();
    }
}
