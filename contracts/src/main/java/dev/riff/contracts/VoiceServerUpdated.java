package dev.riff.contracts;

/**
 * The voice server Discord assigned: with the session id and channel id (DAVE needs the channel),
 * everything a playback node needs to open the voice connection.
 */
public record VoiceServerUpdated(String guildId, String channelId, String userId, String sessionId, String endpoint, String token) {
}
