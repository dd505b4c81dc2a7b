package dev.riff.eventstore.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.support.rest.Problem;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the log accepts, whichever way an event arrives (the append API or Kafka): bounded text that
 * PostgreSQL can store and index (no NUL, which text and jsonb refuse), and times within years
 * 1970–9999. An event that breaks a rule is refused with the field named, never half-stored.
 */
public final class EventRules {

    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final int MAX_TEXT = 200;
    public static final int MAX_APPEND = 1000;
    public static final String AGGREGATE_TYPE = "[a-z0-9][a-z0-9.-]{0,99}";
    public static final String TYPE_PATTERN = "[a-z]+(\\.[a-z0-9-]+)+\\.v[0-9]+";
    /** Deepest nesting of event data that is read: deeper data is refused rather than walked. */
    private static final int MAX_DEPTH = 64;

    private EventRules() {
    }

    /** The first rule the event breaks, as the field (prefixed) and the reason; empty when it may be stored. */
    public static Optional<Problem.FieldError> check(CloudEvent event, String prefix) {
        for (Map.Entry<String, String> text : Map.of("id", nullToEmpty(event.id()), "type", nullToEmpty(event.type()),
                "source", nullToEmpty(event.source()), "subject", nullToEmpty(event.subject()),
                "aggregatetype", nullToEmpty(event.aggregatetype())).entrySet()) {
            if (text.getValue().length() > MAX_TEXT) {
                return error(prefix + text.getKey(), "must be at most " + MAX_TEXT + " characters");
            }
            if (text.getValue().indexOf('\0') >= 0) {
                return error(prefix + text.getKey(), "must not contain NUL");
            }
        }
        if (event.partitionkey() != null && !event.partitionkey().matches("[0-9]{17,20}|[A-Za-z0-9._:-]{1,200}")) {
            return error(prefix + "guildId", "must be a Discord snowflake id");
        }
        if (event.time() != null && !withinYears(event.time())) {
            return error(prefix + "time", "must be between 1970-01-01 and 9999-12-31");
        }
        if (event.data() != null && containsNul(event.data(), 0)) {
            return error(prefix + "data", "must not contain NUL in a string or a field name (nor nest deeper than " + MAX_DEPTH + ")");
        }
        return Optional.empty();
    }

    /** A new event for a stream, as either append API receives it; its time is now when none is given. */
    public static CloudEvent newEvent(String aggregateType, String aggregateId, String id, String type, String source, Instant time,
            String guildId, JsonNode data) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, id, source, type, aggregateId, time != null ? time : Instant.now(),
                "application/json", guildId, aggregateType, data);
    }

    /**
     * The first rule an append breaks, with the field named as both append APIs name it
     * ({@code events[i].type}, {@code aggregateId}): 1 to 1,000 events with distinct ids, each with an
     * id, a source and a type like {@code domain.event-name.vN}, and each storable.
     */
    public static Optional<Problem.FieldError> checkAppend(List<CloudEvent> events) {
        if (events.isEmpty() || events.size() > MAX_APPEND) {
            return error("events", "must hold 1 to " + MAX_APPEND + " events");
        }
        if (events.stream().map(CloudEvent::id).distinct().count() != events.size()) {
            return error("events", "event ids must be distinct");
        }
        for (int i = 0; i < events.size(); i++) {
            CloudEvent event = events.get(i);
            String prefix = "events[" + i + "].";
            if (event.id() == null || event.id().isBlank()) {
                return error(prefix + "id", "must not be blank");
            }
            if (event.source() == null || event.source().isBlank()) {
                return error(prefix + "source", "must not be blank");
            }
            if (event.type() == null || !event.type().matches(TYPE_PATTERN)) {
                return error(prefix + "type", "must look like domain.event-name.vN");
            }
            Optional<Problem.FieldError> broken = check(event, prefix);
            if (broken.isPresent()) {
                return Optional.of(new Problem.FieldError(broken.get().field().replace(prefix + "subject", "aggregateId")
                        .replace(prefix + "aggregatetype", "aggregateType"), broken.get().reason()));
            }
        }
        return Optional.empty();
    }

    public static boolean withinYears(Instant time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }

    private static boolean containsNul(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            return true;
        }
        if (node.isTextual()) {
            return node.asText().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().indexOf('\0') >= 0 || containsNul(field.getValue(), depth + 1)) {
                    return true;
                }
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (containsNul(element, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static Optional<Problem.FieldError> error(String field, String reason) {
        return Optional.of(new Problem.FieldError(field, reason));
    }
}
