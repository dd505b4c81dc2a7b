package dev.riff.contracts;

/**
 * A track starting or ending in a guild.
 *
 * @param reason     for an end: finished, skipped, stopped, replaced, load-failed, stuck, cleanup; null for a start
 * @param positionMs where playback was when the event happened
 */
public record TrackEvent(String guildId, String title, String url, String source, String requestedBy, long durationMs,
        long positionMs, String reason) {
}
