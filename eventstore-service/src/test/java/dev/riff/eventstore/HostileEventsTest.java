package dev.riff.eventstore;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the immutable log refuses, with 400 naming the field and nothing stored: text PostgreSQL
 * cannot keep or index, times outside years 1970–9999, NUL anywhere. A long URL in a play still counts.
 */
@QuarkusTest
class HostileEventsTest {

    private static final String TYPE = "test-hostile";

    @Test
    void eventsTheLogCannotKeepAreRefusedAndNothingIsStored() {
        record Attack(String field, Consumer<ObjectNode> change) {
        }
        List<Attack> attacks = List.of(
                new Attack("events[0].type", e -> e.put("type", "test." + "a".repeat(8_000) + ".v1")),
                new Attack("events[0].time", e -> e.put("time", "+100000-01-01T00:00:00Z")),
                new Attack("events[0].time", e -> e.put("time", "0000-01-01T00:00:00Z")),
                new Attack("events[0].data", e -> e.putObject("data").put("note", "a\u0000b")),
                new Attack("events[0].data", e -> e.putObject("data").putObject("nested").put("k\u0000", 1)),
                new Attack("events[0].id", e -> e.put("id", "id\u0000")),
                new Attack("events[0].source", e -> e.put("source", "/s\u0000")));
        String stream = "hostile-" + System.nanoTime();
        for (Attack attack : attacks) {
            ObjectNode event = Streams.event("test.hostile.v1", null, Instant.parse("2026-11-22T10:00:00Z"),
                    CloudEventCodec.mapper().createObjectNode().put("ok", true));
            attack.change().accept(event);
            Streams.append(TYPE, stream, "any", List.of(event)).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(attack.field()));
        }
        given().get("/api/v1/streams/" + TYPE + "/" + stream).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void nulInAPathOrAQueryAndTimesBeyondTheYearsAreRefused() {
        given().urlEncodingEnabled(false).get("/api/v1/streams/" + TYPE + "/a%00b").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("path"));
        given().urlEncodingEnabled(false).get("/api/v1/events?type=a%00").then().statusCode(400)
                .body("errors[0].field", equalTo("type"));
        given().queryParam("at-time", "-1000000000-01-01T00:00:00Z").get("/api/v1/state/server-configuration/123456789012345678")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("at-time"));
    }

    @Test
    void aPlayOfATrackWithAVeryLongUrlIsStoredAndCounted() {
        String guild = Streams.newGuildId();
        String url = "https://example.org/" + "x".repeat(9_000);
        ObjectNode started = Streams.event("playback.track-started.v1", guild, Instant.now(),
                CloudEventCodec.mapper().createObjectNode().put("guildId", guild).put("url", url).put("title", "Long").put("requestedBy", "123456789012345678"));
        Streams.append("guild-player", guild, "any", List.of(started)).then().statusCode(201);
        int plays = given().get("/api/v1/guilds/" + guild + "/stats").then().statusCode(200).extract().path("plays");
        assertEquals(1, plays);
    }
}
