package dev.riff.devkit.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spotify's Accounts service (the client credentials flow, {@code POST /api/token}) and the parts of
 * its Web API a music bot reads: tracks, several tracks, playlists and their items, albums and their
 * tracks, an artist's top tracks. Objects follow the Web API reference's shapes, paging with
 * {@code next} links on this server, errors as {@code {"error": {status, message}}}, and rate
 * limiting as 429 with {@code Retry-After} in seconds. The catalogue is {@link SongCatalogue}.
 */
public final class SpotifySimulator implements AutoCloseable {

    /** The local fleet's app credentials (the simulator's and playback's defaults there); local only. */
    public static final String LOCAL_CLIENT_ID = "riff-local-spotify";
    public static final String LOCAL_CLIENT_SECRET = "riff-local-spotify-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PLAYLIST_PAGE = 100;
    private static final int ALBUM_PAGE = 50;

    private final String clientId;
    private final String clientSecret;
    private final LoopbackApi api = new LoopbackApi();
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile int retryAfterSeconds;
    private final SecureRandom random = new SecureRandom();

    private SpotifySimulator(int port, String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        Router router = api.router();
        router.post("/api/token").handler(BodyHandler.create().setBodyLimit(4096)).handler(this::token);
        router.route("/v1/*").handler(this::authorize);
        router.get("/v1/tracks/:id").handler(context -> send(context, track(song(context.pathParam("id")))));
        router.get("/v1/tracks").handler(this::severalTracks);
        router.get("/v1/playlists/:id").handler(context -> {
            SongCatalogue.Playlist playlist = playlist(context.pathParam("id"));
            send(context, playlistObject(playlist));
        });
        router.get("/v1/playlists/:id/tracks").handler(context -> send(context, playlistItems(playlist(context.pathParam("id")),
                number(context, "offset", 0, Integer.MAX_VALUE, 0), number(context, "limit", 1, PLAYLIST_PAGE, PLAYLIST_PAGE))));
        router.get("/v1/albums/:id").handler(context -> send(context, album(albumNamed(context.pathParam("id")), true)));
        router.get("/v1/albums/:id/tracks").handler(context -> send(context, albumTracks(albumNamed(context.pathParam("id")),
                number(context, "offset", 0, Integer.MAX_VALUE, 0), number(context, "limit", 1, ALBUM_PAGE, 20))));
        router.get("/v1/artists/:id/top-tracks").handler(this::topTracks);
        router.route("/v1/*").handler(context -> error(context, 404, "Service not found"));
        router.route().failureHandler(context -> {
            if (context.failure() instanceof ApiError error) {
                error(context, error.status, error.getMessage());
            } else {
                error(context, 500, "Server error");
            }
        });
        api.listen(port, "the Spotify simulator");
    }

    /** Starts on {@code port} (0: any free one), accepting one app's client credentials. */
    public static SpotifySimulator start(int port, String clientId, String clientSecret) {
        return new SpotifySimulator(port, clientId, clientSecret);
    }

    /** Where both the Accounts service and the Web API answer, e.g. {@code http://127.0.0.1:8093}. */
    public String baseUrl() {
        return api.baseUrl();
    }

    public int port() {
        return api.port();
    }

    /** The next {@code count} Web API requests are answered 429 with {@code Retry-After: seconds}. */
    public void rateLimitNext(int count, int seconds) {
        retryAfterSeconds = seconds;
        rateLimited.set(count);
    }

    /** Every token handed out so far stops working, as when they expire. */
    public void expireTokens() {
        tokens.clear();
    }

    /** Each request as {@code METHOD uri}, in arrival order. */
    public List<String> requests() {
        return api.requests();
    }

    public static String trackId(Song song) {
        return CatalogueIds.base62("track", song.key());
    }

    public static String playlistId(SongCatalogue.Playlist playlist) {
        return CatalogueIds.base62("playlist", playlist.key());
    }

    public static String albumId(String album) {
        return CatalogueIds.base62("album", album);
    }

    public static String artistId(String artist) {
        return CatalogueIds.base62("artist", artist);
    }

    /** The link a member pastes, as the Spotify app shares it. */
    public static String link(String kind, String id) {
        return "https://open.spotify.com/" + kind + "/" + id + "?si=" + HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }

    // --- Accounts -------------------------------------------------------------------------------

    private void token(RoutingContext context) {
        String id = context.request().getFormAttribute("client_id");
        String secret = context.request().getFormAttribute("client_secret");
        String basic = context.request().getHeader("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
            id = pair[0];
            secret = pair.length > 1 ? pair[1] : "";
        }
        if (!"client_credentials".equals(context.request().getFormAttribute("grant_type"))) {
            accountsError(context, "unsupported_grant_type", "grant_type parameter is missing");
        } else if (!clientId.equals(id) || !clientSecret.equals(secret)) {
            accountsError(context, "invalid_client", "Invalid client");
        } else {
            byte[] raw = new byte[30];
            random.nextBytes(raw);
            String token = "BQ" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            tokens.put(token, System.currentTimeMillis() + 3_600_000);
            context.response().putHeader("content-type", "application/json")
                    .end(JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer").put("expires_in", 3600).toString());
        }
    }

    private static void accountsError(RoutingContext context, String error, String description) {
        context.response().setStatusCode(400).putHeader("content-type", "application/json")
                .end(JSON.createObjectNode().put("error", error).put("error_description", description).toString());
    }

    // --- Web API --------------------------------------------------------------------------------

    private void authorize(RoutingContext context) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            error(context, 401, "No token provided");
            return;
        }
        Long until = tokens.get(header.substring(7).trim());
        if (until == null || until < System.currentTimeMillis()) {
            error(context, 401, until == null ? "Invalid access token" : "The access token expired");
            return;
        }
        if (rateLimited.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            context.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
            error(context, 429, "API rate limit exceeded");
            return;
        }
        context.next();
    }

    private void severalTracks(RoutingContext context) {
        String ids = context.request().getParam("ids");
        if (ids == null || ids.isBlank()) {
            throw new ApiError(400, "invalid id");
        }
        String[] wanted = ids.split(",");
        if (wanted.length > 50) {
            throw new ApiError(400, "Too many ids requested");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode tracks = body.putArray("tracks");
        for (String id : wanted) {
            Song song = SongCatalogue.songs().stream().filter(s -> trackId(s).equals(checkId(id))).findFirst().orElse(null);
            tracks.add(song == null ? JSON.nullNode() : track(song));
        }
        send(context, body);
    }

    private void topTracks(RoutingContext context) {
        String artist = checkId(context.pathParam("id"));
        List<Song> songs = SongCatalogue.songs().stream().filter(s -> artistId(s.artist()).equals(artist)).limit(10).toList();
        if (songs.isEmpty()) {
            throw new ApiError(404, "Resource not found");
        }
        ObjectNode body = JSON.createObjectNode();
        songs.forEach(song -> body.withArray("tracks").add(track(song)));
        send(context, body);
    }

    private Song song(String id) {
        String wanted = checkId(id);
        return SongCatalogue.songs().stream().filter(s -> trackId(s).equals(wanted)).findFirst()
                .orElseThrow(() -> new ApiError(404, "Resource not found"));
    }

    private SongCatalogue.Playlist playlist(String id) {
        String wanted = checkId(id);
        return SongCatalogue.playlists().stream().filter(p -> playlistId(p).equals(wanted)).findFirst()
                .orElseThrow(() -> new ApiError(404, "Resource not found"));
    }

    private String albumNamed(String id) {
        String wanted = checkId(id);
        return SongCatalogue.albums().keySet().stream().filter(name -> albumId(name).equals(wanted)).findFirst()
                .orElseThrow(() -> new ApiError(404, "Resource not found"));
    }

    private static String checkId(String id) {
        if (id == null || !id.matches("[0-9A-Za-z]{22}")) {
            throw new ApiError(400, "Invalid base62 id");
        }
        return id;
    }

    private ObjectNode track(Song song) {
        ObjectNode track = simplifiedTrack(song);
        track.set("album", album(song.album(), false));
        track.putObject("external_ids").put("isrc", song.isrc());
        track.put("popularity", 42);
        return track;
    }

    private ObjectNode simplifiedTrack(Song song) {
        String id = trackId(song);
        ObjectNode track = JSON.createObjectNode();
        track.set("artists", JSON.createArrayNode().add(artist(song.artist())));
        track.put("disc_number", 1).put("duration_ms", song.durationMs()).put("explicit", song.explicit());
        track.putObject("external_urls").put("spotify", "https://open.spotify.com/track/" + id);
        track.put("href", baseUrl() + "/v1/tracks/" + id).put("id", id).put("is_local", false).put("is_playable", true)
                .put("name", song.title()).putNull("preview_url").put("track_number", 1).put("type", "track").put("uri", "spotify:track:" + id);
        return track;
    }

    private ObjectNode artist(String name) {
        String id = artistId(name);
        ObjectNode artist = JSON.createObjectNode();
        artist.putObject("external_urls").put("spotify", "https://open.spotify.com/artist/" + id);
        return artist.put("href", baseUrl() + "/v1/artists/" + id).put("id", id).put("name", name).put("type", "artist")
                .put("uri", "spotify:artist:" + id);
    }

    private ObjectNode album(String name, boolean withTracks) {
        String id = albumId(name);
        List<Song> songs = SongCatalogue.albums().get(name);
        ObjectNode album = JSON.createObjectNode();
        album.put("album_type", "album").put("total_tracks", songs.size());
        album.putObject("external_urls").put("spotify", "https://open.spotify.com/album/" + id);
        album.put("href", baseUrl() + "/v1/albums/" + id).put("id", id);
        album.putArray("images").addObject().put("url", baseUrl() + "/images/" + id + ".jpg").put("height", 640).put("width", 640);
        album.put("name", name).put("release_date", "2026-01-01").put("release_date_precision", "day").put("type", "album")
                .put("uri", "spotify:album:" + id);
        album.set("artists", JSON.createArrayNode().add(artist(songs.getFirst().artist())));
        if (withTracks) {
            album.set("tracks", albumTracks(name, 0, ALBUM_PAGE));
            album.put("label", "Riff Devkit Records").put("popularity", 40);
        }
        return album;
    }

    private ObjectNode albumTracks(String name, int offset, int limit) {
        List<ObjectNode> items = new ArrayList<>();
        SongCatalogue.albums().get(name).forEach(song -> items.add(simplifiedTrack(song)));
        return page(baseUrl() + "/v1/albums/" + albumId(name) + "/tracks", items, offset, limit);
    }

    private ObjectNode playlistObject(SongCatalogue.Playlist playlist) {
        String id = playlistId(playlist);
        ObjectNode body = JSON.createObjectNode();
        body.put("collaborative", false).put("description", "Made by the Riff devkit");
        body.putObject("external_urls").put("spotify", "https://open.spotify.com/playlist/" + id);
        body.put("href", baseUrl() + "/v1/playlists/" + id).put("id", id).putArray("images");
        body.put("name", playlist.name());
        ObjectNode owner = body.putObject("owner").put("display_name", "Riff Devkit").put("id", "riffdevkit").put("type", "user")
                .put("uri", "spotify:user:riffdevkit").put("href", baseUrl() + "/v1/users/riffdevkit");
        owner.putObject("external_urls").put("spotify", "https://open.spotify.com/user/riffdevkit");
        body.put("public", true).put("snapshot_id", "MSwxLDE=");
        body.set("tracks", playlistItems(playlist, 0, PLAYLIST_PAGE));
        return body.put("type", "playlist").put("uri", "spotify:playlist:" + id);
    }

    private ObjectNode playlistItems(SongCatalogue.Playlist playlist, int offset, int limit) {
        List<ObjectNode> items = new ArrayList<>();
        for (Song song : playlist.songs()) {
            ObjectNode item = JSON.createObjectNode().put("added_at", "2026-01-01T00:00:00Z").put("is_local", false);
            item.putObject("added_by").put("id", "riffdevkit").put("type", "user");
            item.set("track", track(song));
            items.add(item);
        }
        return page(baseUrl() + "/v1/playlists/" + playlistId(playlist) + "/tracks", items, offset, limit);
    }

    private static ObjectNode page(String href, List<ObjectNode> all, int offset, int limit) {
        ObjectNode page = JSON.createObjectNode();
        page.put("href", href + "?offset=" + offset + "&limit=" + limit);
        ArrayNode items = page.putArray("items");
        all.stream().skip(offset).limit(limit).forEach(items::add);
        page.put("limit", limit);
        if (offset + limit < all.size()) {
            page.put("next", href + "?offset=" + (offset + limit) + "&limit=" + limit);
        } else {
            page.putNull("next");
        }
        page.put("offset", offset);
        if (offset > 0) {
            page.put("previous", href + "?offset=" + Math.max(0, offset - limit) + "&limit=" + limit);
        } else {
            page.putNull("previous");
        }
        return page.put("total", all.size());
    }

    private static int number(RoutingContext context, String name, int min, int max, int fallback) {
        String value = context.request().getParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new ApiError(400, "Invalid " + name + ": " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "Invalid " + name + ": " + value);
        }
    }

    private static void send(RoutingContext context, ObjectNode body) {
        context.response().putHeader("content-type", "application/json; charset=utf-8").end(body.toString());
    }

    private static void error(RoutingContext context, int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("status", status).put("message", message);
        context.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(body.toString());
    }

    /** A Web API refusal: its status and message. */
    private static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
