package dev.riff.playback.domain;

/**
 * A recording as a streaming service's API describes it, before it is mirrored to a playable source.
 *
 * @param service the source name ({@code spotify}, ...)
 * @param url the link a member would share, which is what the queue keeps
 * @param isrc the recording's code, or null when the service gives none
 * @param artworkUrl the cover art, or null
 */
public record CatalogTrack(String service, String id, String title, String artist, long durationMs, String isrc, String artworkUrl,
        boolean explicit, String url) {

    /** A playlist, album or artist's top tracks: its name and the tracks read. */
    public record Collection(String name, java.util.List<CatalogTrack> tracks) {
    }
}
