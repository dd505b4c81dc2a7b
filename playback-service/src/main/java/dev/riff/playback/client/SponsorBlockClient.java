package dev.riff.playback.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.playback.config.SponsorBlockConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * SponsorBlock's segments for a video: the parts to skip in the configured categories, in order.
 * No segments (404), a failure or a slow answer all mean "play it all"; a segment that makes no sense
 * (negative, empty, reversed) is left out. Non-blocking.
 */
@ApplicationScoped
public class SponsorBlockClient {

    /** A stretch to skip, in milliseconds from the track's start. */
    public record Segment(String category, long startMs, long endMs) {
    }

    private static final int MAX_BODY = 256 * 1024;

    private final SponsorBlockConfig config;
    private final HttpClient http;

    SponsorBlockClient(SponsorBlockConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Uni<List<Segment>> segments(String videoId) {
        String categories = "[" + String.join(",", config.categories().stream().map(c -> "\"" + c.replaceAll("[^a-z_]", "") + "\"").toList()) + "]";
        URI uri = ProviderUrls.at(config.url(), "/api/skipSegments?videoID=" + URLEncoder.encode(videoId, StandardCharsets.UTF_8)
                + "&categories=" + URLEncoder.encode(categories, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).header("Accept", "application/json").GET().build();
        return AsyncJson.get(http, request, MAX_BODY, "SponsorBlock", Logger.Level.DEBUG).map(answer -> answer.map(SponsorBlockClient::read).orElse(List.of()));
    }

    static List<Segment> read(JsonNode answer) {
        List<Segment> segments = new ArrayList<>();
        for (JsonNode item : answer) {
            JsonNode range = item.path("segment");
            if (!"skip".equals(item.path("actionType").asText("skip")) || !range.path(0).isNumber() || !range.path(1).isNumber()) {
                continue;
            }
            long start = Math.round(range.path(0).asDouble() * 1000);
            long end = Math.round(range.path(1).asDouble() * 1000);
            if (start >= 0 && end > start) {
                String category = item.path("category").asText("");
                segments.add(new Segment(category.matches("[a-z_]{1,40}") ? category : "other", start, end));
            }
        }
        segments.sort(Comparator.comparingLong(Segment::startMs));
        return segments;
    }
}
