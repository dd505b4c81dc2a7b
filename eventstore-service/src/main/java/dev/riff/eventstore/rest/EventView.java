package dev.riff.eventstore.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.eventstore.domain.StoredEvent;
import java.time.Instant;

/** An event as the read API shows it. */
public record EventView(
        long globalPosition,
        String eventId,
        String type,
        String source,
        String aggregateType,
        String aggregateId,
        long aggregateVersion,
        String guildId,
        Instant time,
        Instant storedAt,
        JsonNode data) {

    static EventView of(StoredEvent event) {
        return new EventView(event.globalPosition, event.eventId, event.eventType, event.source, event.aggregateType,
                event.aggregateId, event.aggregateVersion, event.guildId, event.timestamp, event.createdAt,
                json(event.eventData));
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return CloudEventCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event data is not JSON", e);
        }
    }
}
