package dev.riff.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Data of {@link EventTypes#SERVER_CONFIGURATION_CHANGED}: the guild's server configuration moved to
 * {@code version}; {@code changes} holds each changed field's old and new value.
 *
 * @param actorId the Discord user who made the change, or null when a service did
 */
public record ServerConfigurationChanged(String guildId, long version, Map<String, FieldChange> changes, String actorId) {

    public record FieldChange(JsonNode oldValue, JsonNode newValue) {
    }
}
