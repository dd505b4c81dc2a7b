package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.natives.ConnectorNativeLibLoader;
import com.sedmelluq.discord.lavaplayer.player.AudioLoadResultHandler;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.bandcamp.BandcampAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.local.LocalAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.soundcloud.SoundCloudAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.twitch.TwitchStreamAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.vimeo.VimeoAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.contracts.StreamingService;
import dev.riff.playback.client.AppleMusicClient;
import dev.riff.playback.client.DeezerClient;
import dev.riff.playback.client.SpotifyClient;
import dev.riff.playback.client.StreamingCatalog;
import dev.riff.playback.config.PlaybackConfig;
import dev.riff.playback.config.StreamingConfig;
import dev.riff.support.net.MediaDestinations;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * lavaplayer's sources available here: Spotify links (read through its API and mirrored, when its
 * credentials are set), HTTP(S) streams and files, SoundCloud, Bandcamp, Vimeo, Twitch, files on
 * this node when enabled, and the devkit's demo library when configured. A query
 * that is not a URL searches the demo library (if any), then SoundCloud. Every HTTP fetch of a
 * member's link goes through {@link MediaFetchGuard}.
 */
@ApplicationScoped
@Startup
public class TrackLoader {

    /** Why a track could not be loaded, in words a member understands. */
    public static final class LoadFailure extends RuntimeException {
        public final String code;

        LoadFailure(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private static final Logger LOG = Logger.getLogger(TrackLoader.class);
    private static final String SOUNDCLOUD_SEARCH = "scsearch:";

    /**
     * What a query loaded: one track, or a playlist's (album's, artist's) tracks in order.
     *
     * @param playlistName the playlist's name; null for a single track or a search's pick
     */
    public record Loaded(String playlistName, List<AudioTrack> tracks) {
        public AudioTrack first() {
            return tracks.getFirst();
        }
    }

    private final QualityPlayerManager manager = new QualityPlayerManager();
    private final PlaybackConfig config;
    private final Set<StreamingService> configuredServices;

    TrackLoader(PlaybackConfig config, StreamingConfig streaming, MediaDestinations destinations) {
        this.config = config;
        new MediaFetchGuard(destinations).applyTo(manager);
        String search = config.demoLibraryUrl().isPresent() ? DemoLibrarySource.SEARCH_PREFIX : SOUNDCLOUD_SEARCH;
        TrackMirror mirror = new TrackMirror(manager, config.demoLibraryUrl().map(library -> DemoLibrarySource.ISRC_PREFIX), search,
                streaming.durationTolerance());
        List<StreamingCatalog> catalogs = new ArrayList<>();
        if (streaming.spotifyClientId().isPresent() && streaming.spotifyClientSecret().isPresent()) {
            catalogs.add(new SpotifyClient(streaming));
        }
        if (AppleMusicClient.configured(streaming)) {
            catalogs.add(new AppleMusicClient(streaming));
        }
        if (streaming.deezerEnabled()) {
            catalogs.add(new DeezerClient(streaming));
        }
        configuredServices = EnumSet.noneOf(StreamingService.class);
        for (StreamingCatalog catalog : catalogs) {
            manager.registerSourceManager(new StreamingLinkSource(catalog, mirror));
            configuredServices.add(catalog.service());
        }
        config.demoLibraryUrl().ifPresent(library -> manager.registerSourceManager(new DemoLibrarySource(library, SOUNDCLOUD_SEARCH)));
        manager.registerSourceManager(SoundCloudAudioSourceManager.createDefault());
        manager.registerSourceManager(new BandcampAudioSourceManager());
        manager.registerSourceManager(new VimeoAudioSourceManager());
        manager.registerSourceManager(new TwitchStreamAudioSourceManager());
        manager.registerSourceManager(new HttpAudioSourceManager());
        if (config.localFilesEnabled()) {
            manager.registerSourceManager(new LocalAudioSourceManager());
        }
        manager.setTrackStuckThreshold(config.stuckThreshold().toMillis());
        // A filter or volume change is heard at once, not after the frames already buffered (seconds) have played.
        manager.getConfiguration().setFilterHotSwapEnabled(true);
        loadNativesNow();
    }

    /**
     * lavaplayer loads its native Opus and resampling library with the first track it transcodes;
     * done at boot, that half second is not added to the first track a node plays, nor to a guild
     * it takes over from a crashed node.
     */
    private static void loadNativesNow() {
        try {
            ConnectorNativeLibLoader.loadConnectorLibrary();
        } catch (Throwable unavailable) {
            LOG.warnf("lavaplayer's native library is not available on this platform (%s): only Opus sources play", unavailable.toString());
        }
    }

    public AudioPlayerManager manager() {
        return manager;
    }

    /** The sound quality of the player's tracks from the next one on (the server's {@code maxAudioQuality}). */
    public void quality(AudioPlayer player, AudioQuality quality) {
        manager.quality(player, quality);
    }

    /** Whether this node reads the service's links (its API credentials are set). */
    public boolean reads(StreamingService service) {
        return configuredServices.contains(service);
    }

    /** One track: a playlist's chosen or first one; a search is a plain one. */
    public Uni<AudioTrack> load(String query) {
        return loadAll(query, false).map(Loaded::first);
    }

    /**
     * A track, or a playlist's tracks; a search gives its first result that matches the fields named
     * ({@link SearchQuery}; its source prefixes and fields only where {@code advancedSearch}).
     */
    public Uni<Loaded> loadAll(String query, boolean advancedSearch) {
        boolean direct = query.matches("(?i)https?://.*") || config.localFilesEnabled() && query.startsWith("/")
                || query.startsWith(DemoLibrarySource.TRACK_PREFIX) || query.startsWith("spotify:");
        SearchQuery search = direct ? new SearchQuery(query, null, null) : SearchQuery.of(query, advancedSearch,
                config.demoLibraryUrl().isPresent() ? DemoLibrarySource.SEARCH_PREFIX : SOUNDCLOUD_SEARCH, config.demoLibraryUrl().isPresent());
        String identifier = search.identifier();
        return Uni.createFrom().<Loaded>emitter(emitter -> manager.loadItem(identifier, new AudioLoadResultHandler() {
                    @Override
                    public void trackLoaded(AudioTrack track) {
                        if (search.accepts(track)) {
                            emitter.complete(new Loaded(null, List.of(track)));
                        } else {
                            emitter.fail(new LoadFailure("no-matches", "Nothing found for " + query + "."));
                        }
                    }

                    @Override
                    public void playlistLoaded(AudioPlaylist playlist) {
                        AudioTrack first = playlist.getSelectedTrack() != null ? playlist.getSelectedTrack()
                                : playlist.getTracks().stream().filter(search::accepts).findFirst().orElse(null);
                        if (first == null) {
                            emitter.fail(new LoadFailure("no-matches", "Nothing found for " + query + "."));
                        } else if (playlist.isSearchResult() || playlist.getSelectedTrack() != null) {
                            emitter.complete(new Loaded(null, List.of(first)));
                        } else {
                            emitter.complete(new Loaded(playlist.getName(), List.copyOf(playlist.getTracks())));
                        }
                    }

                    @Override
                    public void noMatches() {
                        emitter.fail(new LoadFailure("no-matches", "Nothing found for " + query + "."));
                    }

                    @Override
                    public void loadFailed(FriendlyException exception) {
                        emitter.fail(new LoadFailure("load-failed", exception.getMessage()));
                    }
                }))
                .ifNoItem().after(config.loadTimeout())
                .failWith(() -> new LoadFailure("load-timeout", "Loading took too long; try again or another link."));
    }

    @PreDestroy
    void shutdown() {
        manager.shutdown();
    }
}
