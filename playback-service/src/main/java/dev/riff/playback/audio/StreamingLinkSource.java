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
import dev.riff.playback.client.SpotifyClient;
import dev.riff.playback.client.StreamingApiException;
import dev.riff.playback.domain.CatalogTrack;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spotify links as a lavaplayer source: a track link is one {@link MirroredTrack}; an album, a
 * playlist or an artist is a playlist of them, named as on Spotify. Identifiers are the links
 * themselves ({@code https://open.spotify.com/track/<id>}), which is what the queue keeps, so a
 * queued track is read from the API again, and mirrored, when it comes up.
 */
public final class StreamingLinkSource implements AudioSourceManager {

    private static final Pattern SPOTIFY_LINK = Pattern.compile(
            "(?i)https?://open\\.spotify\\.com/(?:intl-[a-z]{2}(?:-[a-z]{2})?/)?(track|album|playlist|artist)/([0-9A-Za-z]{22})(?:[/?#].*)?");
    private static final Pattern SPOTIFY_URI = Pattern.compile("spotify:(track|album|playlist|artist):([0-9A-Za-z]{22})");

    private final SpotifyClient spotify;
    private final TrackMirror mirror;

    public StreamingLinkSource(SpotifyClient spotify, TrackMirror mirror) {
        this.spotify = spotify;
        this.mirror = mirror;
    }

    TrackMirror mirror() {
        return mirror;
    }

    @Override
    public String getSourceName() {
        return "spotify";
    }

    @Override
    public AudioItem loadItem(AudioPlayerManager manager, AudioReference reference) {
        Matcher link = SPOTIFY_LINK.matcher(reference.identifier);
        Matcher uri = SPOTIFY_URI.matcher(reference.identifier);
        Matcher matched = link.matches() ? link : uri.matches() ? uri : null;
        if (matched == null) {
            if (StreamingService.ofLink(reference.identifier).filter(StreamingService.SPOTIFY::equals).isPresent()) {
                throw new FriendlyException("That Spotify link is not a track, album, playlist or artist.", FriendlyException.Severity.COMMON, null);
            }
            return null;
        }
        String kind = matched.group(1).toLowerCase();
        String id = matched.group(2);
        try {
            return switch (kind) {
                case "track" -> track(spotify.track(id));
                case "album" -> playlist(spotify.album(id));
                case "playlist" -> playlist(spotify.playlist(id));
                default -> playlist(spotify.artistTopTracks(id));
            };
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
        // the API client holds no connections between reads
    }
}
