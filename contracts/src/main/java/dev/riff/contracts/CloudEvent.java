package dev.riff.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode, as every service writes it to Kafka.
 *
 * <p>Extensions: {@code partitionkey} (the CloudEvents partitioning extension; the Kafka record key,
 * the guild id for anything about a guild) and {@code aggregatetype} (which aggregate {@code subject}
 * identifies, so the event store can version streams without knowing every type).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String partitionkey,
        String aggregatetype,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    /** Kafka content-type header value for structured-mode CloudEvents. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    public CloudEvent {
        require(specversion, "specversion");
        require(id, "id");
        require(source, "source");
        require(type, "type");
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("unsupported CloudEvents specversion " + specversion);
        }
    }

    /** A new event with a fresh id and the current time. */
    public static CloudEvent create(EventType<?> type, String source, String subject, String partitionKey, JsonNode data) {
        return new CloudEvent(SPEC_VERSION, UUID.randomUUID().toString(), source, type.name(), subject,
                Instant.now(), "application/json", partitionKey, type.aggregateType(), data);
    }

    @JsonIgnore
    public String recordKey() {
        return partitionkey != null ? partitionkey : subject;
    }

    private static void require(String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CloudEvent attribute '" + attribute + "' is required");
        }
    }
}
