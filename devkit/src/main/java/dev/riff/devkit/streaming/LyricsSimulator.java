package dev.riff.devkit.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two lyrics providers that need no key, on one server: LRCLIB ({@code GET /api/get} by track,
 * artist, album and duration within 2 s; {@code /api/get/{id}}; {@code /api/search}; timed lyrics in
 * LRC) and lyrics.ovh ({@code GET /v1/{artist}/{title}}, plain text). The songs split between them
 * as real songs do: the demo tune has timed lyrics on LRCLIB, the chord progression only plain ones
 * on lyrics.ovh, Concert A is an instrumental.
 */
public final class LyricsSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The demo tune's words, a line every five seconds, as LRC. */
    public static final String TUNE_LRC = """
            [00:00.50] Riff, riff, the devkit sings
            [00:05.00] Five notes round on pentatonic strings
            [00:10.00] Eighth notes, one-twenty, never late
            [00:15.00] Every frame within its twenty-millisecond gate
            [00:20.00] Riff, riff, the queue goes on
            [00:25.00] Mirrored, heard, and then it's gone""";
    public static final String CHORDS_TEXT = """
            C to G and down to A minor
            F brings us home, nothing could be finer
            Two seconds each, the changes never end
            Four chords, one song, around the bend again""";

    private final LoopbackApi api = new LoopbackApi();
    private final AtomicInteger failing = new AtomicInteger();
    private volatile int failStatus;

    private LyricsSimulator(int port) {
        Router router = api.router();
        router.route().handler(context -> {
            if (failing.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                context.response().setStatusCode(failStatus).end();
                return;
            }
            context.next();
        });
        router.get("/api/get").handler(this::lrclibGet);
        router.get("/api/get/:id").handler(context -> lrclibRecord(context.pathParam("id")).ifPresentOrElse(
                record -> send(context, 200, record), () -> lrclibNotFound(context)));
        router.get("/api/search").handler(this::lrclibSearch);
        router.get("/v1/:artist/:title").handler(this::lyricsOvh);
        api.listen(port, "the lyrics simulator");
    }

    public static LyricsSimulator start(int port) {
        return new LyricsSimulator(port);
    }

    /** LRCLIB's base URL here (its API is under {@code /api}); lyrics.ovh's is the same (under {@code /v1}). */
    public String baseUrl() {
        return api.baseUrl();
    }

    /** The next {@code count} requests, to either provider, fail with {@code status}. */
    public void failNext(int count, int status) {
        failStatus = status;
        failing.set(count);
    }

    /** Each request as {@code METHOD uri}, in arrival order. */
    public List<String> requests() {
        return api.requests();
    }

    private void lrclibGet(RoutingContext context) {
        String track = context.request().getParam("track_name");
        String artist = context.request().getParam("artist_name");
        if (track == null || track.isBlank() || artist == null || artist.isBlank()) {
            send(context, 400, JSON.createObjectNode().put("code", 400).put("name", "QueryParamsError")
                    .put("message", "track_name and artist_name are required"));
            return;
        }
        String duration = context.request().getParam("duration");
        if (duration != null && !duration.matches("[0-9]{1,6}(\\.[0-9]{1,3})?")) {
            send(context, 400, JSON.createObjectNode().put("code", 400).put("name", "QueryParamsError").put("message", "duration must be a number"));
            return;
        }
        Optional<Song> song = SongCatalogue.songs().stream()
                .filter(s -> same(s.title(), track) && same(s.artist(), artist))
                .filter(s -> duration == null || Math.abs(Double.parseDouble(duration) - s.durationMs() / 1000.0) <= 2)
                .filter(s -> lrclib(s).isPresent())
                .findFirst();
        song.ifPresentOrElse(s -> send(context, 200, lrclib(s).orElseThrow()), () -> lrclibNotFound(context));
    }

    private void lrclibSearch(RoutingContext context) {
        String q = Optional.ofNullable(context.request().getParam("q")).orElse(context.request().getParam("track_name"));
        ArrayNode results = JSON.createArrayNode();
        if (q != null) {
            String wanted = q.toLowerCase(Locale.ROOT);
            SongCatalogue.songs().stream().filter(s -> (s.title() + " " + s.artist()).toLowerCase(Locale.ROOT).contains(wanted))
                    .map(LyricsSimulator::lrclib).flatMap(Optional::stream).forEach(results::add);
        }
        context.response().putHeader("content-type", "application/json").end(results.toString());
    }

    private void lyricsOvh(RoutingContext context) {
        String artist = URLDecoder.decode(context.pathParam("artist"), StandardCharsets.UTF_8);
        String title = URLDecoder.decode(context.pathParam("title"), StandardCharsets.UTF_8);
        if (same(SongCatalogue.CHORDS.title(), title) && same(SongCatalogue.CHORDS.artist(), artist)) {
            send(context, 200, JSON.createObjectNode().put("lyrics", CHORDS_TEXT.replace("\n", "\r\n")));
        } else {
            send(context, 404, JSON.createObjectNode().put("error", "No lyrics found"));
        }
    }

    /** The song's LRCLIB record: the demo tune with timed lyrics, Concert A as an instrumental; the rest are not there. */
    private static Optional<ObjectNode> lrclib(Song song) {
        ObjectNode record = JSON.createObjectNode();
        if (song == SongCatalogue.TUNE) {
            record.put("id", 1001).put("instrumental", false).put("plainLyrics", TUNE_LRC.replaceAll("\\[[0-9:.]+] ", ""))
                    .put("syncedLyrics", TUNE_LRC);
        } else if (song == SongCatalogue.CONCERT_A) {
            record.put("id", 1003).put("instrumental", true).putNull("plainLyrics").putNull("syncedLyrics");
        } else {
            return Optional.empty();
        }
        record.put("name", song.title()).put("trackName", song.title()).put("artistName", song.artist()).put("albumName", song.album())
                .put("duration", song.durationMs() / 1000.0);
        return Optional.of(record);
    }

    private static Optional<ObjectNode> lrclibRecord(String id) {
        return SongCatalogue.songs().stream().map(LyricsSimulator::lrclib).flatMap(Optional::stream)
                .filter(record -> record.path("id").asText().equals(id)).findFirst();
    }

    private static void lrclibNotFound(RoutingContext context) {
        send(context, 404, JSON.createObjectNode().put("code", 404).put("name", "TrackNotFound").put("message", "Failed to find specified track"));
    }

    private static boolean same(String a, String b) {
        return a.trim().equalsIgnoreCase(b.trim());
    }

    private static void send(RoutingContext context, int status, ObjectNode body) {
        context.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }

    @Override
    public void close() {
        api.close();
    }
}
