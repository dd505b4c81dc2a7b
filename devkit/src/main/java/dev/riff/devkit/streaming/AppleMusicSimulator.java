package dev.riff.devkit.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The Apple Music API's catalogue over {@link SongCatalogue}: songs, albums and playlists with their
 * tracks relationship (paged with {@code next} paths), playlist and album track pages, an artist's top
 * songs. Every request needs a developer token, which is checked as Apple checks it: an ES256 JWT
 * whose header names the MusicKit key ({@code kid}), signed by that key, issued by the team, not
 * expired. Errors come as {@code {"errors": [{status, code, title, detail}]}}.
 */
public final class AppleMusicSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The MusicKit key's id and team the simulator accepts. */
    public static final String KEY_ID = "RIFFKEY001";
    public static final String TEAM_ID = "RIFFTEAM01";

    private final KeyPair musicKitKey;
    private final LoopbackApi api = new LoopbackApi();

    private AppleMusicSimulator(int port) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            musicKitKey = generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Router router = api.router();
        router.route().handler(context -> {
            Optional<String> refusal = refusal(context.request().getHeader("Authorization"));
            if (refusal.isPresent()) {
                error(context, 401, "40100", "Unauthenticated", refusal.get());
                return;
            }
            context.next();
        });
        router.get("/v1/catalog/:sf/songs/:id").handler(context -> song(context.pathParam("id")).ifPresentOrElse(song -> {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("data").add(song(song, context.pathParam("sf")));
            send(context, body);
        }, () -> notFound(context)));
        router.get("/v1/catalog/:sf/playlists/:id").handler(context -> playlist(context.pathParam("id")).ifPresentOrElse(playlist -> {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode resource = body.putArray("data").addObject().put("id", playlistId(playlist)).put("type", "playlists");
            resource.putObject("attributes").put("name", playlist.name()).put("curatorName", "Riff Devkit");
            resource.putObject("relationships").set("tracks", page(context, playlist.songs(), "playlists/" + playlistId(playlist) + "/tracks", 0, 100));
            send(context, body);
        }, () -> notFound(context)));
        router.get("/v1/catalog/:sf/playlists/:id/tracks").handler(context -> playlist(context.pathParam("id")).ifPresentOrElse(playlist ->
                send(context, page(context, playlist.songs(), "playlists/" + playlistId(playlist) + "/tracks", offset(context), 100)),
                () -> notFound(context)));
        router.get("/v1/catalog/:sf/albums/:id").handler(context -> album(context.pathParam("id")).ifPresentOrElse(name -> {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode resource = body.putArray("data").addObject().put("id", albumId(name)).put("type", "albums");
            resource.putObject("attributes").put("name", name).put("artistName", SongCatalogue.albums().get(name).getFirst().artist());
            resource.putObject("relationships").set("tracks", page(context, SongCatalogue.albums().get(name), "albums/" + albumId(name) + "/tracks", 0, 300));
            send(context, body);
        }, () -> notFound(context)));
        router.get("/v1/catalog/:sf/artists/:id/view/top-songs").handler(context -> {
            List<Song> songs = SongCatalogue.songs().stream().filter(s -> artistId(s.artist()).equals(context.pathParam("id"))).toList();
            if (songs.isEmpty()) {
                notFound(context);
            } else {
                send(context, page(context, songs, "artists/" + context.pathParam("id") + "/view/top-songs", offset(context), 10));
            }
        });
        router.route().handler(AppleMusicSimulator::notFound);
        api.listen(port, "the Apple Music simulator");
    }

    public static AppleMusicSimulator start(int port) {
        return new AppleMusicSimulator(port);
    }

    public String baseUrl() {
        return api.baseUrl();
    }

    /** The MusicKit private key (the .p8 file's PEM) whose tokens the simulator accepts. */
    public String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(musicKitKey.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    public List<String> requests() {
        return api.requests();
    }

    public static String songId(Song song) {
        return CatalogueIds.numeric("song", song.key());
    }

    public static String albumId(String album) {
        return CatalogueIds.numeric("album", album);
    }

    public static String artistId(String artist) {
        return CatalogueIds.numeric("artist", artist);
    }

    public static String playlistId(SongCatalogue.Playlist playlist) {
        return "pl." + CatalogueIds.hex("playlist", playlist.key());
    }

    /** A song's link as Apple Music shares it: inside its album, with {@code ?i=}. */
    public static String songLink(Song song) {
        return "https://music.apple.com/us/album/" + slug(song.album()) + "/" + albumId(song.album()) + "?i=" + songId(song);
    }

    public static String playlistLink(SongCatalogue.Playlist playlist) {
        return "https://music.apple.com/us/playlist/" + slug(playlist.name()) + "/" + playlistId(playlist);
    }

    private Optional<String> refusal(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.of("No developer token");
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return Optional.of("The developer token is not a JWT");
        }
        try {
            Base64.Decoder url = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(url.decode(parts[0]));
            JsonNode claims = JSON.readTree(url.decode(parts[1]));
            if (!"ES256".equals(header.path("alg").asText()) || !KEY_ID.equals(header.path("kid").asText())) {
                return Optional.of("Unknown key or algorithm");
            }
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initVerify((PublicKey) musicKitKey.getPublic());
            es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!es256.verify(url.decode(parts[2]))) {
                return Optional.of("Bad signature");
            }
            long now = System.currentTimeMillis() / 1000;
            if (!TEAM_ID.equals(claims.path("iss").asText()) || claims.path("exp").asLong() < now || claims.path("iat").asLong() > now + 60
                    || claims.path("exp").asLong() - claims.path("iat").asLong() > 15_777_000) {
                return Optional.of("Bad or expired claims");
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("Unreadable developer token");
        }
    }

    private ObjectNode page(RoutingContext context, List<Song> songs, String path, int offset, int limit) {
        String storefront = context.pathParam("sf");
        ObjectNode page = JSON.createObjectNode();
        page.put("href", "/v1/catalog/" + storefront + "/" + path);
        ArrayNode data = page.putArray("data");
        songs.stream().skip(offset).limit(limit).forEach(song -> data.add(song(song, storefront)));
        if (offset + limit < songs.size()) {
            page.put("next", "/v1/catalog/" + storefront + "/" + path + "?offset=" + (offset + limit));
        }
        page.putObject("meta").put("total", songs.size());
        return page;
    }

    private ObjectNode song(Song song, String storefront) {
        String id = songId(song);
        ObjectNode resource = JSON.createObjectNode().put("id", id).put("type", "songs").put("href", "/v1/catalog/" + storefront + "/songs/" + id);
        ObjectNode attributes = resource.putObject("attributes").put("name", song.title()).put("artistName", song.artist())
                .put("albumName", song.album()).put("durationInMillis", song.durationMs()).put("isrc", song.isrc())
                .put("url", "https://music.apple.com/" + storefront + "/album/" + slug(song.album()) + "/" + albumId(song.album()) + "?i=" + id)
                .put("trackNumber", 1).put("releaseDate", "2026-01-01");
        if (song.explicit()) {
            attributes.put("contentRating", "explicit");
        }
        attributes.putObject("artwork").put("url", baseUrl() + "/artwork/" + albumId(song.album()) + "/{w}x{h}bb.jpg").put("width", 3000).put("height", 3000);
        attributes.putArray("genreNames").add("Electronic");
        return resource;
    }

    private static Optional<Song> song(String id) {
        return SongCatalogue.songs().stream().filter(s -> songId(s).equals(id)).findFirst();
    }

    private static Optional<SongCatalogue.Playlist> playlist(String id) {
        return SongCatalogue.playlists().stream().filter(p -> playlistId(p).equals(id)).findFirst();
    }

    private static Optional<String> album(String id) {
        return SongCatalogue.albums().keySet().stream().filter(name -> albumId(name).equals(id)).findFirst();
    }

    private static int offset(RoutingContext context) {
        String offset = context.request().getParam("offset");
        return offset != null && offset.matches("[0-9]{1,6}") ? Integer.parseInt(offset) : 0;
    }

    private static void notFound(RoutingContext context) {
        error(context, 404, "40400", "Resource Not Found", "Resource with requested id was not found");
    }

    private static void error(RoutingContext context, int status, String code, String title, String detail) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("id", java.util.UUID.randomUUID().toString()).put("title", title).put("detail", detail)
                .put("status", Integer.toString(status)).put("code", code);
        context.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }

    private static void send(RoutingContext context, ObjectNode body) {
        context.response().putHeader("content-type", "application/json").end(body.toString());
    }

    private static String slug(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    @Override
    public void close() {
        api.close();
    }
}
