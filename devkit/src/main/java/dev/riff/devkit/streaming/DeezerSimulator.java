package dev.riff.devkit.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deezer's public API (no key) over {@link SongCatalogue}: tracks (with ISRC), albums, playlists and
 * their tracks in pages ({@code index}, {@code limit}, a {@code next} link), artists and their top
 * tracks. As Deezer does, errors come with status 200 and an {@code error} object: no data is code
 * 800, the spent quota (50 requests per 5 s) code 4. Listed tracks carry no ISRC, as in Deezer's lists.
 */
public final class DeezerSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackApi api = new LoopbackApi();
    private final AtomicInteger quotaSpent = new AtomicInteger();

    private DeezerSimulator(int port) {
        Router router = api.router();
        // Control, outside Deezer's API: the next count requests find the quota spent.
        router.post("/control/spend-quota").handler(context -> {
            spendQuota(number(context.request().getParam("count"), 1));
            context.response().setStatusCode(204).end();
        });
        router.route().handler(context -> {
            if (quotaSpent.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                error(context, "Exception", "Quota limit exceeded", 4);
                return;
            }
            context.next();
        });
        router.get("/track/:id").handler(context -> song(context).ifPresentOrElse(song -> send(context, track(song, true)), () -> noData(context)));
        router.get("/album/:id").handler(context -> album(context).ifPresentOrElse(name -> {
            ObjectNode album = albumObject(name);
            album.set("tracks", page(context, tracks(SongCatalogue.albums().get(name)), "/album/" + albumId(name) + "/tracks"));
            send(context, album);
        }, () -> noData(context)));
        router.get("/album/:id/tracks").handler(context -> album(context).ifPresentOrElse(name ->
                send(context, page(context, tracks(SongCatalogue.albums().get(name)), "/album/" + albumId(name) + "/tracks")), () -> noData(context)));
        router.get("/playlist/:id").handler(context -> playlist(context).ifPresentOrElse(playlist -> {
            ObjectNode body = JSON.createObjectNode().put("id", Long.parseLong(playlistId(playlist))).put("title", playlist.name())
                    .put("nb_tracks", playlist.songs().size()).put("link", "https://www.deezer.com/playlist/" + playlistId(playlist)).put("type", "playlist");
            body.set("tracks", page(context, tracks(playlist.songs()), "/playlist/" + playlistId(playlist) + "/tracks"));
            send(context, body);
        }, () -> noData(context)));
        router.get("/playlist/:id/tracks").handler(context -> playlist(context).ifPresentOrElse(playlist ->
                send(context, page(context, tracks(playlist.songs()), "/playlist/" + playlistId(playlist) + "/tracks")), () -> noData(context)));
        router.get("/artist/:id").handler(context -> artist(context).ifPresentOrElse(name -> send(context, artistObject(name)), () -> noData(context)));
        router.get("/artist/:id/top").handler(context -> artist(context).ifPresentOrElse(name -> send(context,
                page(context, tracks(SongCatalogue.songs().stream().filter(s -> s.artist().equals(name)).toList()), "/artist/" + artistId(name) + "/top")),
                () -> noData(context)));
        router.route().handler(context -> error(context, "OAuthException", "An active access token must be used to query information about the current user", 200));
        api.listen(port, "the Deezer simulator");
    }

    public static DeezerSimulator start(int port) {
        return new DeezerSimulator(port);
    }

    /** The API's base URL (Deezer's is {@code https://api.deezer.com}). */
    public String baseUrl() {
        return api.baseUrl();
    }

    /** The next {@code count} requests find the quota spent (code 4). */
    public void spendQuota(int count) {
        quotaSpent.set(count);
    }

    public List<String> requests() {
        return api.requests();
    }

    public static String trackId(Song song) {
        return CatalogueIds.numeric("track", song.key());
    }

    public static String playlistId(SongCatalogue.Playlist playlist) {
        return CatalogueIds.numeric("playlist", playlist.key());
    }

    public static String albumId(String album) {
        return CatalogueIds.numeric("album", album);
    }

    public static String artistId(String artist) {
        return CatalogueIds.numeric("artist", artist);
    }

    /** The link a member pastes, as Deezer's site shows it. */
    public static String link(String kind, String id) {
        return "https://www.deezer.com/en/" + kind + "/" + id;
    }

    private java.util.Optional<Song> song(RoutingContext context) {
        String id = context.pathParam("id");
        return SongCatalogue.songs().stream().filter(s -> trackId(s).equals(id) || ("isrc:" + s.isrc()).equalsIgnoreCase(id)).findFirst();
    }

    private java.util.Optional<SongCatalogue.Playlist> playlist(RoutingContext context) {
        return SongCatalogue.playlists().stream().filter(p -> playlistId(p).equals(context.pathParam("id"))).findFirst();
    }

    private java.util.Optional<String> album(RoutingContext context) {
        return SongCatalogue.albums().keySet().stream().filter(name -> albumId(name).equals(context.pathParam("id"))).findFirst();
    }

    private java.util.Optional<String> artist(RoutingContext context) {
        return SongCatalogue.songs().stream().map(Song::artist).distinct().filter(name -> artistId(name).equals(context.pathParam("id"))).findFirst();
    }

    private List<ObjectNode> tracks(List<Song> songs) {
        List<ObjectNode> tracks = new ArrayList<>();
        songs.forEach(song -> tracks.add(track(song, false)));
        return tracks;
    }

    /** A track object; the full one (from /track) carries its ISRC and album, a listed one does not carry the ISRC. */
    private ObjectNode track(Song song, boolean full) {
        String id = trackId(song);
        ObjectNode track = JSON.createObjectNode().put("id", Long.parseLong(id)).put("readable", true).put("title", song.title())
                .put("title_short", song.title()).put("link", "https://www.deezer.com/track/" + id).put("duration", song.durationMs() / 1000)
                .put("rank", 500_000).put("explicit_lyrics", song.explicit()).put("explicit_content_lyrics", song.explicit() ? 1 : 0)
                .put("preview", "").put("type", "track");
        if (full) {
            track.put("isrc", song.isrc()).put("track_position", 1).put("disk_number", 1).put("release_date", "2026-01-01");
        }
        track.set("artist", artistObject(song.artist()));
        track.set("album", albumObject(song.album()));
        return track;
    }

    private ObjectNode artistObject(String name) {
        String id = artistId(name);
        return JSON.createObjectNode().put("id", Long.parseLong(id)).put("name", name).put("link", "https://www.deezer.com/artist/" + id)
                .put("tracklist", baseUrl() + "/artist/" + id + "/top?limit=50").put("type", "artist");
    }

    private ObjectNode albumObject(String name) {
        String id = albumId(name);
        return JSON.createObjectNode().put("id", Long.parseLong(id)).put("title", name).put("cover_xl", baseUrl() + "/images/" + id + ".jpg")
                .put("tracklist", baseUrl() + "/album/" + id + "/tracks").put("type", "album");
    }

    private ObjectNode page(RoutingContext context, List<ObjectNode> all, String path) {
        int index = number(context.request().getParam("index"), 0);
        int limit = Math.min(100, Math.max(1, number(context.request().getParam("limit"), 25)));
        ObjectNode page = JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        all.stream().skip(index).limit(limit).forEach(data::add);
        page.put("total", all.size());
        if (index + limit < all.size()) {
            page.put("next", baseUrl() + path + "?index=" + (index + limit) + "&limit=" + limit);
        }
        if (index > 0) {
            page.put("prev", baseUrl() + path + "?index=" + Math.max(0, index - limit) + "&limit=" + limit);
        }
        return page;
    }

    private static int number(String value, int fallback) {
        return value != null && value.matches("[0-9]{1,6}") ? Integer.parseInt(value) : fallback;
    }

    private static void noData(RoutingContext context) {
        error(context, "DataException", "no data", 800);
    }

    private static void error(RoutingContext context, String type, String message, int code) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("type", type).put("message", message).put("code", code);
        send(context, body);
    }

    private static void send(RoutingContext context, ObjectNode body) {
        context.response().putHeader("content-type", "application/json; charset=utf-8").end(body.toString());
    }

    @Override
    public void close() {
        api.close();
    }
}
