package dev.riff.playback.lavalink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sedmelluq.discord.lavaplayer.player.AudioLoadResultHandler;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.tools.io.MessageInput;
import com.sedmelluq.discord.lavaplayer.tools.io.MessageOutput;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.DecodedTrackHolder;
import dev.riff.playback.audio.TrackLoader;
import dev.riff.playback.config.PlaybackConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/**
 * Tracks in Lavalink's terms: the base64 encoding (lavaplayer's own, version 3, so strings travel
 * between Riff and Lavalink nodes both ways), the Track object, and load results. Loading goes
 * through the node's one lavaplayer manager, with its media fetch guard.
 */
@ApplicationScoped
public class LavalinkTracks {

    private static final int MAX_ENCODED_LENGTH = 64 * 1024;

    private final AudioPlayerManager manager;
    private final PlaybackConfig config;
    private final ObjectMapper json;

    LavalinkTracks(TrackLoader loader, PlaybackConfig config, ObjectMapper json) {
        this.manager = loader.manager();
        this.config = config;
        this.json = json;
    }

    AudioPlayerManager manager() {
        return manager;
    }

    public String encode(AudioTrack track) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            manager.encodeTrack(new MessageOutput(bytes), track);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode track " + track.getIdentifier(), e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The track an encoded string stands for; a string that is not one is the client's mistake (400). */
    public AudioTrack decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            throw LavalinkError.badRequest("Not an encoded track");
        }
        try {
            // A query string may have turned the base64 '+' into a space.
            byte[] bytes = Base64.getDecoder().decode(encoded.replace(' ', '+'));
            DecodedTrackHolder holder = manager.decodeTrack(new MessageInput(new ByteArrayInputStream(bytes)));
            if (holder == null || holder.decodedTrack == null) {
                throw LavalinkError.badRequest("Failed to decode track: no source on this node plays it");
            }
            return holder.decodedTrack;
        } catch (IllegalArgumentException | IOException | IllegalStateException e) {
            throw LavalinkError.badRequest("Failed to decode track: " + e.getMessage());
        }
    }

    public ObjectNode toJson(AudioTrack track) {
        AudioTrackInfo info = track.getInfo();
        ObjectNode node = json.createObjectNode().put("encoded", encode(track));
        node.putObject("info")
                .put("identifier", info.identifier)
                .put("isSeekable", track.isSeekable())
                .put("author", info.author)
                .put("length", info.length)
                .put("isStream", info.isStream)
                .put("position", track.getPosition())
                .put("title", info.title)
                .put("uri", info.uri)
                .put("artworkUrl", info.artworkUrl)
                .put("isrc", info.isrc)
                .put("sourceName", track.getSourceManager() == null ? "unknown" : track.getSourceManager().getSourceName());
        node.putObject("pluginInfo");
        node.set("userData", track.getUserData() instanceof JsonNode data ? data : json.createObjectNode());
        return node;
    }

    /** What lavaplayer found for an identifier: one of a track, a playlist (or search result), nothing, a failure. */
    private record Loaded(AudioTrack track, AudioPlaylist playlist, FriendlyException failure) {
    }

    private Uni<Loaded> find(String identifier) {
        return Uni.createFrom().<Loaded>emitter(emitter -> manager.loadItem(identifier, new AudioLoadResultHandler() {
            @Override
            public void trackLoaded(AudioTrack track) {
                emitter.complete(new Loaded(track, null, null));
            }

            @Override
            public void playlistLoaded(AudioPlaylist playlist) {
                emitter.complete(new Loaded(null, playlist, null));
            }

            @Override
            public void noMatches() {
                emitter.complete(new Loaded(null, null, null));
            }

            @Override
            public void loadFailed(FriendlyException exception) {
                emitter.complete(new Loaded(null, null, exception));
            }
        })).ifNoItem().after(config.loadTimeout()).recoverWithItem(() -> new Loaded(null, null,
                new FriendlyException("Loading took longer than " + config.loadTimeout().toSeconds() + " s", FriendlyException.Severity.COMMON, null)));
    }

    /** {@code /v4/loadtracks}: what the identifier names, as Lavalink's LoadResult. */
    public Uni<ObjectNode> load(String identifier) {
        return find(identifier).map(loaded -> {
            if (loaded.track() != null) {
                return result("track").set("data", toJson(loaded.track()));
            }
            if (loaded.failure() != null) {
                return result("error").set("data", exception(loaded.failure()));
            }
            if (loaded.playlist() == null) {
                return result("empty").putNull("data");
            }
            AudioPlaylist playlist = loaded.playlist();
            ArrayNode tracks = json.createArrayNode();
            playlist.getTracks().forEach(track -> tracks.add(toJson(track)));
            if (playlist.isSearchResult()) {
                return result("search").set("data", tracks);
            }
            ObjectNode data = json.createObjectNode();
            data.putObject("info").put("name", playlist.getName())
                    .put("selectedTrack", playlist.getSelectedTrack() == null ? -1 : playlist.getTracks().indexOf(playlist.getSelectedTrack()));
            data.putObject("pluginInfo");
            data.set("tracks", tracks);
            return result("playlist").set("data", data);
        });
    }

    /** One track to play from an identifier, as a player update asks: a playlist or nothing is refused. */
    public Uni<AudioTrack> loadOne(String identifier) {
        return find(identifier).map(loaded -> {
            if (loaded.track() != null) {
                return loaded.track();
            }
            if (loaded.failure() != null) {
                throw new LavalinkError(500, loaded.failure().getMessage());
            }
            if (loaded.playlist() == null) {
                throw LavalinkError.badRequest("No matches found for identifier");
            }
            throw LavalinkError.badRequest("Cannot play a playlist or search result");
        });
    }

    /** Lavalink's Exception object, for load results and TrackExceptionEvent. */
    ObjectNode exception(FriendlyException exception) {
        return json.createObjectNode()
                .put("message", exception.getMessage())
                .put("severity", exception.severity.name().toLowerCase(Locale.ROOT))
                .put("cause", exception.getCause() == null ? exception.toString() : exception.getCause().toString());
    }

    private ObjectNode result(String loadType) {
        return json.createObjectNode().put("loadType", loadType);
    }
}
