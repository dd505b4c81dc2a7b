package dev.riff.contracts;

import java.util.Map;

/**
 * Data of {@link EventTypes#CHANNEL_CONFIGURATION_CHANGED}: a channel's overrides moved to
 * {@code version}; {@code changes} holds each changed field's old and new value (null: inherits).
 */
public record ChannelConfigurationChanged(String guildId, String channelId, long version,
        Map<String, ServerConfigurationChanged.FieldChange> changes, String actorId) {
}
