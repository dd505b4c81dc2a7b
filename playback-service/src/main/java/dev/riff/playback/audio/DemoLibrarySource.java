package dev.riff.playback.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.AudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioItem;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.BasicAudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.DelegatedAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.InternalAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.LocalAudioTrackExecutor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The devkit's demo library as a source of its own: a search (what a member types after /play) that
 * names "demo" or a demo track's title or artist plays it, anything else goes on to the usual search.
 * Its tracks are fetched from the library's URL, which the operator configured: a member never
 * chooses the address, so these fetches need not pass the media guard, and loopback stays refused
 * for everything members link to. A track's identifier and URI are {@code riff-demo:<id>}, which is
 * what the queue stores and a restored player loads again.
 */
public final class DemoLibrarySource implements AudioSourceManager {

    /** Identifiers of searches: the text a member typed after /play. */
    public static final String SEARCH_PREFIX = "riff-search:";
    public static final String TRACK_PREFIX = "riff-demo:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(String id, String title, String artist, long durationMs, String path, String isrc, String videoId) {
    }

    /** The video id the demo library gives a track (its stand-in for a video site's), or null. */
    public static String videoId(AudioTrack track) {
        return track instanceof DemoTrack demo ? demo.entry.videoId() : null;
    }

    /** One recording by its code, as the streaming-link mirror and an advanced {@code isrc:} search ask: {@code riff-isrc:QZRF12600001}. */
    public static final String ISRC_PREFIX = "riff-isrc:";

    private final URI library;
    private final String fallbackSearchPrefix;
    /** lavaplayer's HTTP source for the library's own files, never registered with the player manager. */
    private final HttpAudioSourceManager files = new HttpAudioSourceManager();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile List<Entry> catalogue;

    /**
     * @param library the library's base URL (riff.playback.demo-library-url)
     * @param fallbackSearchPrefix where a search that no demo track matches goes on to, e.g. {@code scsearch:}
     */
    public DemoLibrarySource(URI library, String fallbackSearchPrefix) {
        this.library = library;
        this.fallbackSearchPrefix = fallbackSearchPrefix;
    }

    @Override
    public String getSourceName() {
        return "riff-demo";
    }

    @Override
    public AudioItem loadItem(AudioPlayerManager manager, AudioReference reference) {
        String identifier = reference.identifier;
        if (identifier.startsWith(TRACK_PREFIX)) {
            return entry(identifier.substring(TRACK_PREFIX.length())).<AudioItem>map(this::track).orElse(AudioReference.NO_TRACK);
        }
        if (identifier.startsWith(ISRC_PREFIX)) {
            String code = identifier.substring(ISRC_PREFIX.length()).trim();
            return catalogue().stream().filter(e -> e.isrc() != null && e.isrc().equalsIgnoreCase(code)).findFirst()
                    .<AudioItem>map(this::track).orElse(AudioReference.NO_TRACK);
        }
        if (identifier.startsWith(SEARCH_PREFIX)) {
            String query = identifier.substring(SEARCH_PREFIX.length());
            List<AudioTrack> found = findAll(query).stream().map(this::track).toList();
            if (found.isEmpty()) {
                return new AudioReference(fallbackSearchPrefix + query, null);
            }
            // A search result, as lavaplayer's searching sources give: players take the first track.
            return new BasicAudioPlaylist("Search results for: " + query, found, null, true);
        }
        return null;
    }

    /** "demo" is the first track; otherwise every track whose title or artist contains every word of the query. */
    List<Entry> findAll(String query) {
        String wanted = query.trim().toLowerCase(Locale.ROOT);
        List<Entry> entries = catalogue();
        if (wanted.equals("demo") || wanted.equals("riff demo")) {
            return entries.stream().limit(1).toList();
        }
        String[] words = wanted.split("\\s+");
        return entries.stream().filter(e -> {
            String haystack = (e.title() + " " + e.artist()).toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (!haystack.contains(word)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    private Optional<Entry> entry(String id) {
        return catalogue().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The catalogue, read once it is first needed (on lavaplayer's loader threads, where blocking is expected). */
    private List<Entry> catalogue() {
        List<Entry> known = catalogue;
        if (known != null) {
            return known;
        }
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(library.resolve("/catalogue.json"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("status " + response.statusCode());
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : JSON.readTree(response.body())) {
                String path = e.path("path").asText();
                if (!path.matches("/[a-z0-9-]{1,64}\\.(opus|mp3|wav)")) {
                    continue; // the library names its own files; anything else is not followed
                }
                String isrc = e.path("isrc").asText("");
                String video = e.path("videoId").asText("");
                entries.add(new Entry(e.path("id").asText(), e.path("title").asText(), e.path("artist").asText(),
                        e.path("durationMs").asLong(), path, isrc.matches("[A-Z]{2}[A-Z0-9]{3}[0-9]{7}") ? isrc : null,
                        video.matches("[A-Za-z0-9_-]{11}") ? video : null));
            }
            catalogue = List.copyOf(entries);
            return catalogue;
        } catch (IOException e) {
            throw new FriendlyException("The demo library is not reachable", FriendlyException.Severity.SUSPICIOUS, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FriendlyException("Interrupted while reading the demo library", FriendlyException.Severity.COMMON, e);
        }
    }

    private AudioTrack track(Entry entry) {
        return new DemoTrack(new AudioTrackInfo(entry.title(), entry.artist(), entry.durationMs(), TRACK_PREFIX + entry.id(), false,
                TRACK_PREFIX + entry.id(), null, entry.isrc()), entry);
    }

    @Override
    public boolean isTrackEncodable(AudioTrack track) {
        return true;
    }

    @Override
    public void encodeTrack(AudioTrack track, DataOutput output) {
        // the identifier says everything
    }

    @Override
    public AudioTrack decodeTrack(AudioTrackInfo info, DataInput input) {
        return entry(info.identifier.substring(TRACK_PREFIX.length())).map(this::track).orElse(null);
    }

    @Override
    public void shutdown() {
        files.shutdown();
    }

    /** A demo track: the library's file played through lavaplayer's HTTP source, with the catalogue's title and artist. */
    private final class DemoTrack extends DelegatedAudioTrack {
        private final Entry entry;

        DemoTrack(AudioTrackInfo info, Entry entry) {
            super(info);
            this.entry = entry;
        }

        @Override
        public void process(LocalAudioTrackExecutor executor) throws Exception {
            AudioItem file = files.loadItem(null, new AudioReference(library.resolve(entry.path()).toString(), entry.title()));
            if (!(file instanceof InternalAudioTrack playable)) {
                throw new FriendlyException("The demo track " + entry.title() + " cannot be played", FriendlyException.Severity.SUSPICIOUS, null);
            }
            processDelegate(playable, executor);
        }

        @Override
        protected AudioTrack makeShallowClone() {
            return new DemoTrack(getInfo(), entry);
        }

        @Override
        public AudioSourceManager getSourceManager() {
            return DemoLibrarySource.this;
        }
    }
}
