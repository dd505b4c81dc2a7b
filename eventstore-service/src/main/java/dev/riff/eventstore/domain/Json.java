package dev.riff.eventstore.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.CloudEventCodec;

/** Reads the JSON the store keeps as text (event data, snapshots). */
public final class Json {

    private Json() {
    }

    public static JsonNode read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return CloudEventCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not JSON", e);
        }
    }
}
