package dev.riff.playback.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.playback.config.LyricsConfig;
import dev.riff.playback.domain.Lyrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The lyrics providers, asked in turn: LRCLIB (timed LRC lyrics, matched by title, artist and
 * duration) and, when it has nothing, lyrics.ovh (plain text). A provider that fails or is slow
 * counts as having nothing, so the other is still asked. Non-blocking (the JDK client's async sends).
 */
@ApplicationScoped
public class LyricsProviders {

    /** Lyrics are text: anything longer than this is not lyrics. */
    private static final int MAX_BODY = 512 * 1024;
    /** LRCLIB asks its clients to name themselves. */
    private static final String USER_AGENT = "Riff/0.1 (Discord music bot)";

    private final LyricsConfig config;
    private final HttpClient http;

    LyricsProviders(LyricsConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The first provider's lyrics for the song, or empty when none has any. */
    public Uni<Optional<Lyrics>> find(String title, String artist, long durationMs) {
        return lrclib(title, artist, durationMs).chain(found -> found.isPresent() ? Uni.createFrom().item(found) : lyricsOvh(title, artist));
    }

    private Uni<Optional<Lyrics>> lrclib(String title, String artist, long durationMs) {
        String query = "track_name=" + encode(title) + "&artist_name=" + encode(artist)
                + (durationMs > 0 ? "&duration=" + Math.round(durationMs / 1000.0) : "");
        return get(config.lrclibUrl(), "/api/get?" + query, "LRCLIB").map(body -> body.flatMap(record -> {
            if (record.path("instrumental").asBoolean()) {
                return Optional.of(new Lyrics("", List.of(), "lrclib"));
            }
            List<Lyrics.Line> lines = Lyrics.parseLrc(record.path("syncedLyrics").asText(null));
            String plain = record.path("plainLyrics").asText("");
            if (plain.isBlank() && !lines.isEmpty()) {
                plain = String.join("\n", lines.stream().map(Lyrics.Line::text).toList());
            }
            return plain.isBlank() ? Optional.empty() : Optional.of(new Lyrics(plain.strip(), lines, "lrclib"));
        }));
    }

    private Uni<Optional<Lyrics>> lyricsOvh(String title, String artist) {
        String path = "/v1/" + encodePath(artist) + "/" + encodePath(title);
        return get(config.lyricsOvhUrl(), path, "lyrics.ovh").map(body -> body
                .map(found -> found.path("lyrics").asText("").replace("\r\n", "\n").strip())
                .filter(text -> !text.isEmpty())
                .map(text -> new Lyrics(text, List.of(), "lyrics.ovh")));
    }

    /** The JSON of a 200; empty for a 404 or any failure (logged), which the caller reads as "nothing here". */
    private Uni<Optional<JsonNode>> get(URI base, String pathAndQuery, String provider) {
        HttpRequest request = HttpRequest.newBuilder(ProviderUrls.at(base, pathAndQuery))
                .timeout(config.timeout()).header("User-Agent", USER_AGENT).header("Accept", "application/json").GET().build();
        return AsyncJson.get(http, request, MAX_BODY, provider, Logger.Level.WARN);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A path segment: spaces as %20, and no slash can leave the segment. */
    private static String encodePath(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
