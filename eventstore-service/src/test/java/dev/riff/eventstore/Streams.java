package dev.riff.eventstore;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Test helpers: events for the append API and calls to it. */
final class Streams {

    private Streams() {
    }

    static String newGuildId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }

    /** One event of an append request, with a fresh id. */
    static ObjectNode event(String type, String guildId, Instant time, JsonNode data) {
        ObjectNode event = CloudEventCodec.mapper().createObjectNode();
        event.put("id", UUID.randomUUID().toString());
        event.put("type", type);
        event.put("source", "/eventstore-test");
        if (guildId != null) {
            event.put("guildId", guildId);
        }
        if (time != null) {
            event.put("time", time.toString());
        }
        event.set("data", data);
        return event;
    }

    static ObjectNode request(String expectedVersion, List<? extends JsonNode> events) {
        ObjectNode request = CloudEventCodec.mapper().createObjectNode();
        if (expectedVersion != null) {
            request.put("expectedVersion", expectedVersion);
        }
        ArrayNode array = request.putArray("events");
        events.forEach(array::add);
        return request;
    }

    static Response append(String aggregateType, String aggregateId, String expectedVersion, List<? extends JsonNode> events) {
        return given().contentType("application/json").body(request(expectedVersion, events).toString())
                .post("/api/v1/streams/" + aggregateType + "/" + aggregateId + "/events");
    }
}
