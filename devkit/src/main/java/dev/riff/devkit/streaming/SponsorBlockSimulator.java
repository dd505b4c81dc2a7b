package dev.riff.devkit.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.riff.devkit.audio.DemoLibrary;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SponsorBlock's public API ({@code GET /api/skipSegments?videoID=…&categories=[…]}): the segments
 * its community marked in a video, as {@code [{segment: [start, end], category, actionType, UUID,
 * videoDuration, votes, …}]} in seconds, filtered by the categories asked; 404 "Not Found" when
 * there are none. The demo library's sponsored sweep has a sponsor read at 3–8 s and an outro from
 * 18 s to its end.
 */
public final class SponsorBlockSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One marked segment, in seconds. */
    public record Segment(String category, double start, double end) {
    }

    public static final List<Segment> SWEEP_SEGMENTS = List.of(new Segment("sponsor", 3.0, 8.0), new Segment("outro", 18.0, 24.0));

    private final LoopbackApi api = new LoopbackApi();

    private SponsorBlockSimulator(int port) {
        Router router = api.router();
        router.get("/api/skipSegments").handler(this::skipSegments);
        api.listen(port, "the SponsorBlock simulator");
    }

    public static SponsorBlockSimulator start(int port) {
        return new SponsorBlockSimulator(port);
    }

    public String baseUrl() {
        return api.baseUrl();
    }

    public List<String> requests() {
        return api.requests();
    }

    private void skipSegments(RoutingContext context) {
        String video = context.request().getParam("videoID");
        if (video == null || !video.matches("[A-Za-z0-9_-]{1,64}")) {
            context.response().setStatusCode(400).end("videoID is required");
            return;
        }
        Set<String> categories = new HashSet<>(List.of("sponsor"));
        String asked = context.request().getParam("categories");
        if (asked != null) {
            try {
                JsonNode list = JSON.readTree(asked);
                categories.clear();
                list.forEach(category -> categories.add(category.asText()));
            } catch (Exception e) {
                context.response().setStatusCode(400).end("Bad categories");
                return;
            }
        }
        ArrayNode segments = JSON.createArrayNode();
        if (video.equals(DemoLibrary.SWEEP_VIDEO_ID)) {
            for (Segment segment : SWEEP_SEGMENTS) {
                if (categories.contains(segment.category())) {
                    var item = segments.addObject();
                    item.putArray("segment").add(segment.start()).add(segment.end());
                    item.put("UUID", Integer.toHexString((video + segment.category()).hashCode())).put("category", segment.category())
                            .put("videoDuration", 24.0).put("actionType", "skip").put("locked", 0).put("votes", 12).put("description", "");
                }
            }
        }
        if (segments.isEmpty()) {
            context.response().setStatusCode(404).end("Not Found");
        } else {
            context.response().putHeader("content-type", "application/json").end(segments.toString());
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
