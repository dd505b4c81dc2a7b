package dev.riff.playback.domain;

/**
 * A track as the queue and the history keep it: enough to load it again and to show it.
 *
 * @param durationSeconds null for a live stream
 */
public record TrackRef(String title, String url, String source, String requestedBy, Integer durationSeconds) {

    public TrackRef {
        source = source == null ? "unknown" : source;
        requestedBy = requestedBy == null ? "unknown" : requestedBy;
    }

    public long durationMs() {
        return durationSeconds == null ? 0 : durationSeconds * 1000L;
    }
}
