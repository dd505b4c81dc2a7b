package dev.riff.playback.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.StreamingService;
import dev.riff.playback.config.StreamingConfig;
import dev.riff.playback.domain.CatalogTrack;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Deezer's public API (no key): a track, an album, a playlist (page by page, following {@code next}
 * only on the API's host) and an artist's top tracks. Deezer answers its errors with status 200 and
 * an {@code error} object; its quota error (code 4, 50 requests per 5 s) is waited out once when the
 * window fits in {@code riff.streaming.max-retry-wait}. Lists carry no ISRC: a listed track is
 * mirrored by title and artist unless it is read again (with its ISRC) when it comes up.
 */
public final class DeezerClient implements StreamingCatalog {

    private static final Logger LOG = Logger.getLogger(DeezerClient.class);
    private static final Pattern LINK = Pattern.compile(
            "(?i)https?://(?:www\\.)?deezer\\.com/(?:[a-z]{2}(?:-[a-z]{2})?/)?(track|album|playlist|artist)/([0-9]{1,19})(?:[/?#].*)?");
    /** An advanced search's {@code isrc:<code>}: Deezer finds a recording by its code ({@code /track/isrc:<code>}). */
    private static final Pattern ISRC = Pattern.compile("isrc:([A-Z]{2}[A-Z0-9]{3}[0-9]{7})");
    private static final Duration QUOTA_WINDOW = Duration.ofSeconds(5);
    private static final int PAGE = 100;

    private final StreamingConfig config;
    private final BlockingJson http = new BlockingJson("Deezer");

    public DeezerClient(StreamingConfig config) {
        this.config = config;
    }

    @Override
    public StreamingService service() {
        return StreamingService.DEEZER;
    }

    @Override
    public String sourceName() {
        return "deezer";
    }

    @Override
    public Optional<Link> parse(String identifier) {
        Matcher link = LINK.matcher(identifier);
        if (link.matches()) {
            return Optional.of(new Link(link.group(1).toLowerCase(Locale.ROOT), link.group(2)));
        }
        Matcher isrc = ISRC.matcher(identifier);
        return isrc.matches() ? Optional.of(new Link("track", "isrc:" + isrc.group(1))) : Optional.empty();
    }

    @Override
    public CatalogTrack track(String id) {
        JsonNode track = get("/track/" + id);
        return track(track, track.path("album").path("cover_xl").asText(null));
    }

    @Override
    public CatalogTrack.Collection collection(Link link) {
        return switch (link.kind()) {
            case "album" -> {
                JsonNode album = get("/album/" + link.id());
                yield new CatalogTrack.Collection(BlockingJson.text(album.path("title"), 200),
                        pages("/album/" + link.id() + "/tracks?limit=" + PAGE, album.path("cover_xl").asText(null)));
            }
            case "playlist" -> {
                JsonNode playlist = get("/playlist/" + link.id());
                yield new CatalogTrack.Collection(BlockingJson.text(playlist.path("title"), 200),
                        pages("/playlist/" + link.id() + "/tracks?limit=" + PAGE, null));
            }
            default -> {
                JsonNode artist = get("/artist/" + link.id());
                yield new CatalogTrack.Collection("Top tracks of " + BlockingJson.text(artist.path("name"), 200),
                        pages("/artist/" + link.id() + "/top?limit=10", null).stream().limit(10).toList());
            }
        };
    }

    private List<CatalogTrack> pages(String first, String cover) {
        List<CatalogTrack> tracks = new ArrayList<>();
        String next = first;
        for (int pages = 0; next != null && pages < config.maxPages(); pages++) {
            JsonNode page = get(next);
            for (JsonNode item : page.path("data")) {
                if (item.path("readable").asBoolean(true)) {
                    tracks.add(track(item, cover != null ? cover : item.path("album").path("cover_xl").asText(null)));
                }
            }
            next = ProviderUrls.pathOn(config.deezerApiUrl(), "/", page.path("next").asText(null), "Deezer");
        }
        return tracks;
    }

    private static CatalogTrack track(JsonNode track, String cover) {
        String id = track.path("id").asText();
        return new CatalogTrack("deezer", id, BlockingJson.text(track.path("title"), 200), BlockingJson.text(track.path("artist").path("name"), 200),
                Math.max(0, track.path("duration").asLong()) * 1000, BlockingJson.isrc(track.path("isrc")), cover,
                track.path("explicit_lyrics").asBoolean(), "https://www.deezer.com/track/" + id);
    }

    private JsonNode get(String pathAndQuery) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(ProviderUrls.at(config.deezerApiUrl(), pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build());
            if (response.statusCode() != 200) {
                BlockingJson.discard(response);
                if (response.statusCode() >= 500 && attempt < 3) {
                    http.pause(Duration.ofMillis(500L * attempt));
                    continue;
                }
                throw new StreamingApiException("Deezer answered " + response.statusCode() + "; try again later.");
            }
            JsonNode body = http.body(response);
            JsonNode error = body.path("error");
            if (error.isMissingNode() || error.isNull()) {
                return body;
            }
            if (error.path("code").asInt() == 4) {
                if (attempt < 2 && QUOTA_WINDOW.compareTo(config.maxRetryWait()) <= 0) {
                    LOG.info("Deezer's quota is spent; waiting out its window");
                    http.pause(QUOTA_WINDOW);
                    continue;
                }
                throw new StreamingApiException("Deezer is limiting requests; try again in a few seconds.");
            }
            if (error.path("code").asInt() == 800) {
                throw new StreamingApiException("Deezer has nothing at that link.");
            }
            throw new StreamingApiException("Deezer refused the request: " + BlockingJson.text(error.path("message"), 200));
        }
    }
}
