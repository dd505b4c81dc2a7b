package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.AudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioItem;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.BasicAudioPlaylist;
import dev.riff.contracts.StreamingService;
import dev.riff.playback.client.StreamingApiException;
import dev.riff.playback.client.StreamingCatalog;
import dev.riff.playback.domain.CatalogTrack;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A streaming service's links as a lavaplayer source: a track link is one {@link MirroredTrack}; an
 * album, a playlist or an artist is a playlist of them, named as on the service. Identifiers are the
 * track links themselves, which is what the queue keeps, so a queued track is read from the API
 * again, and mirrored, when it comes up.
 */
public final class StreamingLinkSource implements AudioSourceManager {

    private final StreamingCatalog catalog;
    private final TrackMirror mirror;

    public StreamingLinkSource(StreamingCatalog catalog, TrackMirror mirror) {
        this.catalog = catalog;
        this.mirror = mirror;
    }

    TrackMirror mirror() {
        return mirror;
    }

    @Override
    public String getSourceName() {
        return catalog.sourceName();
    }

    @Override
    public AudioItem loadItem(AudioPlayerManager manager, AudioReference reference) {
        Optional<StreamingCatalog.Link> link = catalog.parse(reference.identifier);
        if (link.isEmpty()) {
            if (StreamingService.ofLink(reference.identifier).filter(catalog.service()::equals).isPresent()) {
                throw new FriendlyException("That " + catalog.service().displayName() + " link is not a track, album, playlist or artist.",
                        FriendlyException.Severity.COMMON, null);
            }
            return null;
        }
        try {
            return link.get().track() ? track(catalog.track(link.get().id())) : playlist(catalog.collection(link.get()));
        } catch (StreamingApiException e) {
            throw new FriendlyException(e.getMessage(), FriendlyException.Severity.COMMON, e);
        }
    }

    private AudioItem playlist(CatalogTrack.Collection collection) {
        List<AudioTrack> tracks = collection.tracks().stream().map(this::track).toList();
        return tracks.isEmpty() ? AudioReference.NO_TRACK : new BasicAudioPlaylist(collection.name(), tracks, null, false);
    }

    private AudioTrack track(CatalogTrack track) {
        return new MirroredTrack(new AudioTrackInfo(track.title(), track.artist(), track.durationMs(), track.url(), false, track.url(),
                track.artworkUrl(), track.isrc()), track.explicit(), this);
    }

    @Override
    public boolean isTrackEncodable(AudioTrack track) {
        return true;
    }

    @Override
    public void encodeTrack(AudioTrack track, DataOutput output) throws IOException {
        output.writeBoolean(((MirroredTrack) track).explicit());
    }

    @Override
    public AudioTrack decodeTrack(AudioTrackInfo info, DataInput input) throws IOException {
        return new MirroredTrack(info, input.readBoolean(), this);
    }

    @Override
    public void shutdown() {
        // the API clients hold no connections between reads
    }
}
