package dev.riff.contracts;

/** The bot's own voice state in a guild: {@code channelId} null means it left voice. */
public record VoiceStateUpdated(String guildId, String channelId, String userId, String sessionId) {
}
