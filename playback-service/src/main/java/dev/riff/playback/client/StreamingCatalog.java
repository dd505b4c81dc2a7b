package dev.riff.playback.client;

import dev.riff.contracts.StreamingService;
import dev.riff.playback.domain.CatalogTrack;
import java.util.Optional;

/**
 * A streaming service's catalogue as its Web API shows it: what a link names, and the tracks of it.
 * Reads block (they run on lavaplayer's loader threads) and fail with {@link StreamingApiException}.
 */
public interface StreamingCatalog {

    /** What a link names: a track, or a collection (album, playlist, artist) by the service's kind word. */
    record Link(String kind, String id) {
        public boolean track() {
            return kind.equals("track") || kind.equals("song");
        }
    }

    StreamingService service();

    /** The lavaplayer source name of its tracks ({@code spotify}, {@code deezer}, {@code applemusic}). */
    String sourceName();

    /** What the link (or the service's own URI form) names; empty when it is not one this catalogue reads. */
    Optional<Link> parse(String identifier);

    CatalogTrack track(String id);

    /** An album's, a playlist's or an artist's tracks, named as on the service. */
    CatalogTrack.Collection collection(Link link);
}
