package dev.riff.playback.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.riff.contracts.StreamingService;
import dev.riff.playback.config.StreamingConfig;
import dev.riff.playback.domain.CatalogTrack;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Spotify's Web API with client credentials: a track, an album, a playlist (page by page, following
 * {@code next} only on the API's own host) and an artist's top tracks, read as {@link CatalogTrack}s.
 * The token is kept until a minute before it expires and fetched again on a 401. A 429 is waited
 * out when its {@code Retry-After} is within {@code riff.streaming.max-retry-wait}; a longer one
 * fails the read with the wait in the message. Calls block: they run on lavaplayer's loader threads.
 */
public final class SpotifyClient implements StreamingCatalog {

    private static final Pattern LINK = Pattern.compile(
            "(?i)https?://open\\.spotify\\.com/(?:intl-[a-z]{2}(?:-[a-z]{2})?/)?(track|album|playlist|artist)/([0-9A-Za-z]{22})(?:[/?#].*)?");
    private static final Pattern URI_FORM = Pattern.compile("spotify:(track|album|playlist|artist):([0-9A-Za-z]{22})");

    private static final Logger LOG = Logger.getLogger(SpotifyClient.class);
    private static final int ATTEMPTS = 3;

    private record Token(String value, long expiresAtMillis) {
    }

    private final StreamingConfig config;
    private final String credentials;
    private final BlockingJson http = new BlockingJson("Spotify");
    private volatile Token token;

    public SpotifyClient(StreamingConfig config) {
        this.config = config;
        String id = config.spotifyClientId().orElseThrow();
        String secret = config.spotifyClientSecret().orElseThrow();
        this.credentials = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public StreamingService service() {
        return StreamingService.SPOTIFY;
    }

    @Override
    public String sourceName() {
        return "spotify";
    }

    @Override
    public Optional<Link> parse(String identifier) {
        Matcher link = LINK.matcher(identifier);
        Matcher uri = URI_FORM.matcher(identifier);
        Matcher matched = link.matches() ? link : uri.matches() ? uri : null;
        return matched == null ? Optional.empty() : Optional.of(new Link(matched.group(1).toLowerCase(Locale.ROOT), matched.group(2)));
    }

    @Override
    public CatalogTrack.Collection collection(Link link) {
        return switch (link.kind()) {
            case "album" -> album(link.id());
            case "playlist" -> playlist(link.id());
            default -> artistTopTracks(link.id());
        };
    }

    @Override
    public CatalogTrack track(String id) {
        return track(get("/v1/tracks/" + id));
    }

    /** The album's tracks; its simplified tracks carry no ISRC, so they are read again in batches of 50 as full tracks. */
    public CatalogTrack.Collection album(String id) {
        JsonNode album = get("/v1/albums/" + id);
        List<String> ids = new ArrayList<>();
        for (JsonNode page = album.path("tracks"); ; ) {
            page.path("items").forEach(item -> ids.add(item.path("id").asText()));
            String next = page.path("next").asText(null);
            if (next == null || ids.size() >= config.maxPages() * 50) {
                break;
            }
            page = getLink(next);
        }
        List<CatalogTrack> tracks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 50) {
            String batch = String.join(",", ids.subList(from, Math.min(ids.size(), from + 50)));
            get("/v1/tracks?ids=" + URLEncoder.encode(batch, StandardCharsets.UTF_8)).path("tracks").forEach(track -> {
                if (track.isObject()) {
                    tracks.add(track(track));
                }
            });
        }
        return new CatalogTrack.Collection(album.path("name").asText("Album"), tracks);
    }

    /** The playlist's tracks, page by page up to {@code riff.streaming.max-pages}; local files and podcast episodes are left out. */
    public CatalogTrack.Collection playlist(String id) {
        JsonNode playlist = get("/v1/playlists/" + id);
        List<CatalogTrack> tracks = new ArrayList<>();
        JsonNode page = playlist.path("tracks");
        for (int pages = 1; ; pages++) {
            for (JsonNode item : page.path("items")) {
                JsonNode track = item.path("track");
                if (track.isObject() && "track".equals(track.path("type").asText("track")) && !track.path("is_local").asBoolean()) {
                    tracks.add(track(track));
                }
            }
            String next = page.path("next").asText(null);
            if (next == null || pages >= config.maxPages()) {
                break;
            }
            page = getLink(next);
        }
        return new CatalogTrack.Collection(playlist.path("name").asText("Playlist"), tracks);
    }

    public CatalogTrack.Collection artistTopTracks(String id) {
        List<CatalogTrack> tracks = new ArrayList<>();
        get("/v1/artists/" + id + "/top-tracks?market=US").path("tracks").forEach(track -> tracks.add(track(track)));
        String artist = tracks.isEmpty() ? "the artist" : tracks.getFirst().artist();
        return new CatalogTrack.Collection("Top tracks of " + artist, tracks);
    }

    private static CatalogTrack track(JsonNode track) {
        String id = track.path("id").asText();
        JsonNode images = track.path("album").path("images");
        return new CatalogTrack("spotify", id, BlockingJson.text(track.path("name"), 200),
                BlockingJson.text(track.path("artists").path(0).path("name"), 200),
                Math.max(0, track.path("duration_ms").asLong()), BlockingJson.isrc(track.path("external_ids").path("isrc")),
                images.isArray() && !images.isEmpty() ? images.path(0).path("url").asText(null) : null,
                track.path("explicit").asBoolean(), "https://open.spotify.com/track/" + id);
    }

    /** A {@code next} link, followed only when it points at the configured API itself. */
    private JsonNode getLink(String link) {
        String path = ProviderUrls.pathOn(config.spotifyApiUrl(), "/v1/", link, "Spotify");
        return path == null ? JsonNodeFactory.instance.objectNode() : get(path);
    }

    private JsonNode get(String path) {
        URI uri = ProviderUrls.at(config.spotifyApiUrl(), path);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token()).header("Accept", "application/json").GET().build());
            int status = response.statusCode();
            if (status == 200) {
                return http.body(response);
            }
            BlockingJson.discard(response);
            if (status == 401 && attempt < ATTEMPTS) {
                token = null;
            } else if (status == 429 && attempt < ATTEMPTS) {
                waitOut(response);
            } else if (status == 429) {
                throw new StreamingApiException("Spotify is limiting requests; try again in a minute.");
            } else if (status == 404 || status == 400) {
                throw new StreamingApiException("Spotify has nothing at that link.");
            } else if (status >= 500 && attempt < ATTEMPTS) {
                http.pause(Duration.ofMillis(500L * attempt));
            } else {
                throw new StreamingApiException("Spotify answered " + status + "; try again later.");
            }
        }
    }

    private void waitOut(HttpResponse<?> response) {
        long seconds = response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(1L);
        if (seconds > config.maxRetryWait().toSeconds()) {
            throw new StreamingApiException("Spotify is limiting requests; try again in " + seconds + " seconds.");
        }
        LOG.infof("Spotify asked to wait %d s (429)", seconds);
        http.pause(Duration.ofSeconds(Math.max(0, seconds)));
    }

    private String token() {
        Token current = token;
        if (current != null && current.expiresAtMillis() > System.currentTimeMillis()) {
            return current.value();
        }
        synchronized (this) {
            current = token;
            if (current != null && current.expiresAtMillis() > System.currentTimeMillis()) {
                return current.value();
            }
            URI uri = ProviderUrls.at(config.spotifyAccountsUrl(), "/api/token");
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Basic " + credentials).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
            if (response.statusCode() != 200) {
                JsonNode error = http.body(response);
                LOG.errorf("Spotify refused the client credentials: %s %s", response.statusCode(), error.path("error").asText());
                throw new StreamingApiException("Spotify refused this bot's credentials; tell the bot's operators.");
            }
            JsonNode granted = http.body(response);
            long lifetime = Math.max(60, granted.path("expires_in").asLong(3600));
            token = new Token(granted.path("access_token").asText(), System.currentTimeMillis() + (lifetime - 60) * 1000);
            return token.value();
        }
    }

}
