package dev.riff.contracts;

/** A playback node asks the gateway to join or move to {@code channelId}, or to leave voice when it is null. */
public record VoiceConnectRequested(String guildId, String channelId) {
}
