package dev.riff.webhook.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.EventType;
import dev.riff.contracts.EventTypes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The published catalogue of what a guild may subscribe to: each type's public name, the domain
 * events it comes from, and the fields its payload carries. Only these fields leave the fleet, picked
 * by name, so a payload carries no more than the guild's admins see in Discord (no voice tokens, no
 * internal ids). Payload version 1; a change that removes or renames a field is a new type version.
 */
public enum WebhookEventType {
    TRACK_STARTED("track.started", "A track began playing", List.of(EventTypes.TRACK_STARTED),
            Set.of("guildId", "title", "url", "source", "requestedBy", "durationMs", "positionMs")),
    TRACK_ENDED("track.ended", "A track stopped: finished, skipped, stopped, replaced, load-failed, stuck or cleanup",
            List.of(EventTypes.TRACK_ENDED), Set.of("guildId", "title", "url", "source", "requestedBy", "durationMs", "positionMs", "reason")),
    QUEUE_CHANGED("queue.changed", "The queue changed: its new length and what changed", List.of(EventTypes.QUEUE_CHANGED),
            Set.of("guildId", "length", "change")),
    PLAYER_STATE_CHANGED("player.state-changed", "Pause, volume or loop mode changed", List.of(EventTypes.PLAYER_STATE_CHANGED),
            Set.of("guildId", "paused", "volume", "loopMode")),
    CONFIGURATION_CHANGED("configuration.changed", "The server's or a channel's settings changed: each setting's old and new value",
            List.of(EventTypes.SERVER_CONFIGURATION_CHANGED, EventTypes.CHANNEL_CONFIGURATION_CHANGED),
            Set.of("guildId", "channelId", "version", "changes", "actorId")),
    PREMIUM_CHANGED("premium.changed", "The server's subscription tier changed", List.of(EventTypes.ENTITLEMENT_CHANGED),
            Set.of("guildId", "tier", "status", "expiresAt")),
    /** Sent by /webhooks test and the API's test route only; every subscription receives it. */
    TEST("webhook.test", "A test message, sent on request", List.of(), Set.of("guildId", "message"));

    private final String wireName;
    private final String description;
    private final List<EventType<?>> sources;
    private final List<String> fields;

    WebhookEventType(String wireName, String description, List<EventType<?>> sources, Set<String> fields) {
        this.wireName = wireName;
        this.description = description;
        this.sources = sources;
        this.fields = fields.stream().sorted().toList();
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    /** The payload fields, sorted (documented in the catalogue). */
    public List<String> fields() {
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

    /** The public payload: only the catalogue's fields of the domain event's data. */
    public ObjectNode payload(JsonNode data) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        for (String field : fields) {
            if (data.has(field) && !data.get(field).isNull()) {
                payload.set(field, data.get(field));
            }
        }
        return payload;
    }
}
