package dev.riff.eventstore.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.eventstore.domain.Json;
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

    public static EventView of(StoredEvent event) {
        return new EventView(event.globalPosition, event.eventId, event.eventType, event.source, event.aggregateType,
                event.aggregateId, event.aggregateVersion, event.guildId, event.timestamp, event.createdAt,
                Json.read(event.eventData));
    }
}
