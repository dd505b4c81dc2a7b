package dev.riff.devkit.streaming;

/**
 * A recording as the streaming-service simulators know it; each service renders it in its own
 * shape under its own id.
 *
 * @param isrc the recording's code; the demo library holds the same songs under the same codes
 * @param explicit whether the service marks the recording explicit
 */
public record Song(String key, String title, String artist, String album, long durationMs, String isrc, boolean explicit) {
}
