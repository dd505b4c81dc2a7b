package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioItem;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finds a playable source for a streaming service's recording: by its ISRC first (the demo library
 * knows its songs' codes; no public search here does), then by title and artist, taking the first
 * result whose length is within the tolerance (3 s, or 5 % of a long track), so a live take or an
 * extended mix is not played for the studio recording.
 */
public final class TrackMirror {

    private static final Logger LOG = Logger.getLogger(TrackMirror.class);

    private final AudioPlayerManager manager;
    private final Optional<String> isrcPrefix;
    private final String searchPrefix;
    private final Duration tolerance;

    /**
     * @param isrcPrefix the identifier prefix of a source that finds a recording by its code (the demo library's), if the node has one
     * @param searchPrefix the text search of the node ({@code riff-search:} or {@code scsearch:})
     */
    public TrackMirror(AudioPlayerManager manager, Optional<String> isrcPrefix, String searchPrefix, Duration tolerance) {
        this.manager = manager;
        this.isrcPrefix = isrcPrefix;
        this.searchPrefix = searchPrefix;
        this.tolerance = tolerance;
    }

    /** The playable track for {@code wanted}; fails with a member-facing message when there is none. */
    AudioTrack find(AudioTrackInfo wanted) {
        if (wanted.isrc != null && isrcPrefix.isPresent()) {
            Optional<AudioTrack> byCode = results(isrcPrefix.get() + wanted.isrc).stream().findFirst();
            if (byCode.isPresent()) {
                LOG.debugf("Mirrored %s by ISRC %s to %s", wanted.identifier, wanted.isrc, byCode.get().getIdentifier());
                return byCode.get();
            }
        }
        long allowed = Math.max(tolerance.toMillis(), wanted.length / 20);
        return results(searchPrefix + wanted.title + " " + wanted.author).stream()
                .filter(candidate -> !candidate.getInfo().isStream && Math.abs(candidate.getDuration() - wanted.length) <= allowed)
                .findFirst()
                .orElseThrow(() -> new FriendlyException("No source here plays " + wanted.title + " by " + wanted.author + ".",
                        FriendlyException.Severity.COMMON, null));
    }

    private List<AudioTrack> results(String identifier) {
        try {
            AudioItem item = manager.loadItemSync(identifier);
            if (item instanceof AudioTrack track) {
                return List.of(track);
            }
            return item instanceof AudioPlaylist playlist ? playlist.getTracks() : List.of();
        } catch (FriendlyException e) {
            LOG.debugf("Mirror search %s failed: %s", identifier, e.getMessage());
            return List.of();
        }
    }
}
