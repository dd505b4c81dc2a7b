package dev.riff.playback.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.StreamingService;
import dev.riff.playback.config.StreamingConfig;
import dev.riff.playback.domain.CatalogTrack;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apple Music's catalogue through the Apple Music API with a developer token: a song, an album, a
 * playlist (page by page, following {@code next} paths only) and an artist's top songs, in the
 * storefront the link names. The token is the operator's own, or made here from the MusicKit key
 * (an ES256 JWT: key id, team id, issued now, valid for a day, made again before it ends).
 */
public final class AppleMusicClient implements StreamingCatalog {

    /** music.apple.com/{storefront}/{kind}/{slug}/{id}, a song inside an album as {@code ?i=<song id>}. */
    private static final Pattern LINK = Pattern.compile(
            "(?i)https?://(?:geo\\.)?music\\.apple\\.com/([a-z]{2})/(album|song|playlist|artist)/(?:[^/?#]{1,200}/)?(pl\\.[0-9a-z-]{1,64}|[0-9]{1,19})(?:\\?(?:[^#]*&)?i=([0-9]{1,19}))?(?:[&#].*)?");
    private static final Duration TOKEN_LIFETIME = Duration.ofDays(1);

    private record Token(String value, Instant renewAt) {
    }

    private final StreamingConfig config;
    private final BlockingJson http = new BlockingJson("Apple Music");
    private volatile Token token;

    public AppleMusicClient(StreamingConfig config) {
        this.config = config;
    }

    /** Whether the configuration gives a token or the key to make one. */
    public static boolean configured(StreamingConfig config) {
        return config.appleMusicDeveloperToken().isPresent()
                || config.appleMusicTeamId().isPresent() && config.appleMusicKeyId().isPresent() && config.appleMusicPrivateKey().isPresent();
    }

    @Override
    public StreamingService service() {
        return StreamingService.APPLE_MUSIC;
    }

    @Override
    public String sourceName() {
        return "applemusic";
    }

    /** The link's storefront travels in the id ({@code us:123}), since the catalogue is per storefront. */
    @Override
    public Optional<Link> parse(String identifier) {
        Matcher link = LINK.matcher(identifier);
        if (!link.matches()) {
            return Optional.empty();
        }
        String storefront = link.group(1).toLowerCase(Locale.ROOT);
        String kind = link.group(2).toLowerCase(Locale.ROOT);
        if (link.group(4) != null) {
            return Optional.of(new Link("song", storefront + ":" + link.group(4)));
        }
        boolean playlistId = link.group(3).startsWith("pl.");
        if (kind.equals("playlist") != playlistId) {
            return Optional.empty();
        }
        return Optional.of(new Link(kind, storefront + ":" + link.group(3)));
    }

    @Override
    public CatalogTrack track(String id) {
        String[] at = id.split(":", 2);
        JsonNode song = get("/v1/catalog/" + at[0] + "/songs/" + at[1]).path("data").path(0);
        if (song.isMissingNode()) {
            throw new StreamingApiException("Apple Music has nothing at that link.");
        }
        return track(at[0], song);
    }

    @Override
    public CatalogTrack.Collection collection(Link link) {
        String[] at = link.id().split(":", 2);
        String storefront = at[0];
        return switch (link.kind()) {
            case "artist" -> new CatalogTrack.Collection("Top songs", songs(storefront, "/v1/catalog/" + storefront + "/artists/" + at[1] + "/view/top-songs", 1));
            default -> {
                String kind = link.kind().equals("album") ? "albums" : "playlists";
                JsonNode resource = get("/v1/catalog/" + storefront + "/" + kind + "/" + at[1]).path("data").path(0);
                JsonNode tracks = resource.path("relationships").path("tracks");
                List<CatalogTrack> songs = new ArrayList<>(read(storefront, tracks));
                String next = tracks.path("next").asText(null);
                if (next != null) {
                    songs.addAll(songs(storefront, next, config.maxPages() - 1));
                }
                yield new CatalogTrack.Collection(BlockingJson.text(resource.path("attributes").path("name"), 200), songs);
            }
        };
    }

    private List<CatalogTrack> songs(String storefront, String first, int maxPages) {
        List<CatalogTrack> songs = new ArrayList<>();
        String next = first;
        for (int pages = 0; next != null && pages < maxPages; pages++) {
            // next is a path on the API; anything else (another host) is not followed.
            if (!next.startsWith("/v1/")) {
                break;
            }
            JsonNode page = get(next);
            songs.addAll(read(storefront, page));
            next = page.path("next").asText(null);
        }
        return songs;
    }

    private static List<CatalogTrack> read(String storefront, JsonNode page) {
        List<CatalogTrack> songs = new ArrayList<>();
        for (JsonNode item : page.path("data")) {
            if ("songs".equals(item.path("type").asText())) {
                songs.add(track(storefront, item));
            }
        }
        return songs;
    }

    private static CatalogTrack track(String storefront, JsonNode song) {
        JsonNode attributes = song.path("attributes");
        String id = song.path("id").asText();
        String artwork = attributes.path("artwork").path("url").asText(null);
        return new CatalogTrack("applemusic", id, BlockingJson.text(attributes.path("name"), 200), BlockingJson.text(attributes.path("artistName"), 200),
                Math.max(0, attributes.path("durationInMillis").asLong()), BlockingJson.isrc(attributes.path("isrc")),
                artwork == null ? null : artwork.replace("{w}", "640").replace("{h}", "640"),
                "explicit".equals(attributes.path("contentRating").asText()), "https://music.apple.com/" + storefront + "/song/" + id);
    }

    private JsonNode get(String path) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(ProviderUrls.at(config.appleMusicApiUrl(), path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + developerToken()).header("Accept", "application/json").GET().build());
            int status = response.statusCode();
            if (status == 200) {
                return http.body(response);
            }
            BlockingJson.discard(response);
            if (status == 401 || status == 403) {
                token = null;
                if (attempt < 2 && config.appleMusicDeveloperToken().isEmpty()) {
                    continue;
                }
                throw new StreamingApiException("Apple Music refused this bot's developer token; tell the bot's operators.");
            } else if (status == 429 && attempt < 3) {
                long seconds = response.headers().firstValue("Retry-After").map(String::trim).filter(v -> v.matches("[0-9]{1,6}"))
                        .map(Long::parseLong).orElse(1L);
                if (seconds > config.maxRetryWait().toSeconds()) {
                    throw new StreamingApiException("Apple Music is limiting requests; try again in " + seconds + " seconds.");
                }
                http.pause(Duration.ofSeconds(seconds));
            } else if (status == 404 || status == 400) {
                throw new StreamingApiException("Apple Music has nothing at that link.");
            } else if (status >= 500 && attempt < 3) {
                http.pause(Duration.ofMillis(500L * attempt));
            } else {
                throw new StreamingApiException(status == 429 ? "Apple Music is limiting requests; try again in a minute."
                        : "Apple Music answered " + status + "; try again later.");
            }
        }
    }

    private String developerToken() {
        if (config.appleMusicDeveloperToken().isPresent()) {
            return config.appleMusicDeveloperToken().get();
        }
        Token current = token;
        if (current != null && Instant.now().isBefore(current.renewAt())) {
            return current.value();
        }
        synchronized (this) {
            if (token == null || !Instant.now().isBefore(token.renewAt())) {
                Instant now = Instant.now();
                token = new Token(signedToken(now), now.plus(TOKEN_LIFETIME).minus(Duration.ofHours(1)));
            }
            return token.value();
        }
    }

    /** The developer token Apple documents: an ES256 JWT with the key id in its header and the team as issuer. */
    private String signedToken(Instant now) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + config.appleMusicKeyId().orElseThrow() + "\"}";
        String claims = "{\"iss\":\"" + config.appleMusicTeamId().orElseThrow() + "\",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(TOKEN_LIFETIME).getEpochSecond() + "}";
        String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(privateKey(config.appleMusicPrivateKey().orElseThrow()));
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(es256.sign());
        } catch (GeneralSecurityException e) {
            throw new StreamingApiException("Apple Music's key cannot sign a developer token; tell the bot's operators.", e);
        }
    }

    /** The MusicKit key as Apple hands it out: a PKCS#8 PEM (the .p8 file). */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
