package dev.riff.webhook.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.EventType;
import dev.riff.contracts.EventTypes;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The published catalogue of what a guild may subscribe to: each type's public name, the domain
 * events it comes from, and the fields its payload carries. Only these fields leave the fleet, picked
 * by name, so a payload carries no more than the guild's admins see in Discord (no voice tokens, no
 * internal ids). A field absent from the domain event (or null there) is left out of the payload.
 */
public enum WebhookEventType {
    TRACK_STARTED("track.started", "A track began playing", List.of(EventTypes.TRACK_STARTED), PayloadField.track()),
    TRACK_ENDED("track.ended", "A track stopped: finished, skipped, stopped, replaced, load-failed, stuck or cleanup",
            List.of(EventTypes.TRACK_ENDED), with(PayloadField.track(), PayloadField.text("reason",
                    "Why it ended: finished, skipped, stopped, replaced, load-failed, stuck or cleanup"))),
    QUEUE_CHANGED("queue.changed", "The queue changed: its new length and what changed", List.of(EventTypes.QUEUE_CHANGED),
            List.of(PayloadField.GUILD, PayloadField.integer("length", "Tracks waiting after the change"),
                    PayloadField.text("change", "What changed: added, removed, moved, shuffled or cleared"))),
    PLAYER_STATE_CHANGED("player.state-changed", "Pause, volume, loop mode or filter changed", List.of(EventTypes.PLAYER_STATE_CHANGED),
            List.of(PayloadField.GUILD, PayloadField.bool("paused", "Whether playback is paused"),
                    PayloadField.integer("volume", "Volume in percent"), PayloadField.text("loopMode", "off, track or queue"),
                    PayloadField.text("filter", "The audio filter preset: off, bassboost, nightcore, vaporwave, 8d, karaoke, tremolo, vibrato or soft"))),
    CONFIGURATION_CHANGED("configuration.changed", "The server's or a channel's settings changed: each setting's old and new value",
            List.of(EventTypes.SERVER_CONFIGURATION_CHANGED, EventTypes.CHANNEL_CONFIGURATION_CHANGED),
            List.of(PayloadField.GUILD, PayloadField.snowflake("channelId", "The channel whose overrides changed; absent for the server's"),
                    PayloadField.integer("version", "The settings' version after the change"),
                    PayloadField.object("changes", "Each changed setting by name: {oldValue, newValue}; null means inherited"),
                    PayloadField.snowflake("actorId", "The member who changed them"))),
    PREMIUM_CHANGED("premium.changed", "The server's subscription tier changed", List.of(EventTypes.ENTITLEMENT_CHANGED),
            List.of(PayloadField.GUILD, PayloadField.text("tier", "free, basic, premium or enterprise"),
                    PayloadField.text("status", "active, grace or expired"),
                    PayloadField.instant("expiresAt", "When the tier ends unless renewed; absent when it does not"))),
    /** Sent by /webhooks test and the API's test route only; every subscription receives it. */
    TEST("webhook.test", "A test message, sent on request", List.of(),
            List.of(PayloadField.GUILD, PayloadField.text("message", "A line saying this is a test")));

    /** The current payload version of every type; a change that removes or renames a field makes a new one. */
    public static final int PAYLOAD_VERSION = 1;

    private final String wireName;
    private final String description;
    private final List<EventType<?>> sources;
    private final List<PayloadField> fields;

    WebhookEventType(String wireName, String description, List<EventType<?>> sources, List<PayloadField> fields) {
        this.wireName = wireName;
        this.description = description;
        this.sources = sources;
        this.fields = fields.stream().sorted(Comparator.comparing(PayloadField::name)).toList();
    }

    private static List<PayloadField> with(List<PayloadField> fields, PayloadField more) {
        return Stream.concat(fields.stream(), Stream.of(more)).toList();
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    /** The payload's fields, sorted by name (published in the catalogue and the OpenAPI document). */
    public List<PayloadField> fields() {
        return fields;
    }

    /** The type a domain event becomes, if guilds may subscribe to it. */
    public static Optional<WebhookEventType> fromDomain(String domainType) {
        return Arrays.stream(values()).filter(type -> type.sources.stream().anyMatch(source -> source.name().equals(domainType))).findFirst();
    }

    public static Optional<WebhookEventType> named(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    /** The types a subscription may name (the test message is not one of them). */
    public static List<WebhookEventType> subscribable() {
        return Arrays.stream(values()).filter(type -> type != TEST).toList();
    }

    /**
     * The JSON Schema (2020-12, as OpenAPI 3.1 uses) of the whole body this type is delivered with:
     * Standard Webhooks' type, timestamp and data, where data holds only the catalogue's fields.
     */
    public ObjectNode payloadSchema() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode data = json.objectNode().put("type", "object").put("additionalProperties", false);
        data.putArray("required").add(PayloadField.GUILD.name());
        ObjectNode dataProperties = data.putObject("properties");
        fields.forEach(field -> dataProperties.set(field.name(), field.schema()));
        ObjectNode body = json.objectNode().put("type", "object").put("description", description).put("additionalProperties", false);
        body.putArray("required").add("type").add("timestamp").add("data");
        ObjectNode properties = body.putObject("properties");
        properties.putObject("type").put("type", "string").put("const", wireName);
        properties.putObject("timestamp").put("type", "string").put("format", "date-time")
                .put("description", "When it happened in the fleet");
        properties.set("data", data);
        return body;
    }

    /** The public payload: only the catalogue's fields of the domain event's data. */
    public ObjectNode payload(JsonNode data) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        for (PayloadField field : fields) {
            if (data.has(field.name()) && !data.get(field.name()).isNull()) {
                payload.set(field.name(), data.get(field.name()));
            }
        }
        return payload;
    }
}
