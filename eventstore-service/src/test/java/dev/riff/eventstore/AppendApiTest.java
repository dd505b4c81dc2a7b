package dev.riff.eventstore;

import static dev.riff.eventstore.Streams.append;
import static dev.riff.eventstore.Streams.event;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AppendApiTest {

    private static final String TYPE = "test-counter";

    @Test
    void aBatchGetsConsecutiveVersionsAndPositionsAndReadsBothWays() {
        String stream = UUID.randomUUID().toString();
        JsonPath first = append(TYPE, stream, "no-stream", List.of(counted(1), counted(2), counted(3)))
                .then().statusCode(201).extract().jsonPath();
        assertEquals(3, first.getLong("streamVersion"));
        assertEquals(first.getLong("firstPosition") + 2, first.getLong("lastPosition"));
        append(TYPE, stream, "3", List.of(counted(4), counted(5))).then().statusCode(201).body("streamVersion", equalTo(5));

        assertEquals(List.of(1, 2, 3, 4, 5), readStream(stream, null, "forward", 100).getList("data.n"));
        assertEquals(List.of(2, 3), readStream(stream, 2L, "forward", 2).getList("aggregateVersion"));
        assertEquals(List.of(5, 4, 3, 2, 1), readStream(stream, null, "backward", 100).getList("aggregateVersion"));
        assertEquals(List.of(3, 2), readStream(stream, 3L, "backward", 2).getList("aggregateVersion"));
        List<Long> positions = readStream(stream, null, "forward", 100).getList("globalPosition", Long.class);
        assertEquals(first.getLong("firstPosition"), positions.getFirst());
    }

    @Test
    void aWrongExpectedVersionIs409AndStoresNothingOfTheBatch() {
        String stream = UUID.randomUUID().toString();
        append(TYPE, stream, null, List.of(counted(1))).then().statusCode(201);

        append(TYPE, stream, "no-stream", List.of(counted(2), counted(3))).then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        append(TYPE, stream, "2", List.of(counted(2), counted(3))).then().statusCode(409);
        assertEquals(List.of(1), readStream(stream, null, "forward", 100).getList("data.n"));

        // A batch that repeats an already stored event next to new ones is refused whole.
        ObjectNode stored = counted(2);
        append(TYPE, stream, "1", List.of(stored)).then().statusCode(201);
        append(TYPE, stream, "any", List.of(counted(3), stored)).then().statusCode(409);
        assertEquals(List.of(1, 2), readStream(stream, null, "forward", 100).getList("data.n"));
    }

    @Test
    void aRetriedBatchIsStoredOnce() {
        String stream = UUID.randomUUID().toString();
        List<ObjectNode> batch = List.of(counted(1), counted(2));
        JsonPath first = append(TYPE, stream, "no-stream", batch).then().statusCode(201).extract().jsonPath();
        JsonPath retry = append(TYPE, stream, "no-stream", batch).then().statusCode(200).body("appended", equalTo(false))
                .extract().jsonPath();
        assertEquals(first.getLong("firstPosition"), retry.getLong("firstPosition"));
        assertEquals(first.getLong("lastPosition"), retry.getLong("lastPosition"));
        assertEquals(2, readStream(stream, null, "forward", 100).getList("$").size());
    }

    @Test
    void concurrentAppendsAtTheSameExpectedVersionHaveExactlyOneWinner() throws Exception {
        String stream = UUID.randomUUID().toString();
        append(TYPE, stream, "no-stream", List.of(counted(0))).then().statusCode(201);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 1; round <= 5; round++) {
                long expected = 1 + 2L * (round - 1);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    Callable<Integer> call = () -> {
                        start.await();
                        return append(TYPE, stream, Long.toString(expected), List.of(counted(writer), counted(writer))).statusCode();
                    };
                    statuses.add(pool.submit(call));
                }
                start.countDown();
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> status : statuses) {
                    codes.add(status.get());
                }
                assertEquals(1, codes.stream().filter(c -> c == 201).count(), "one winner: " + codes);
                assertEquals(writers - 1, codes.stream().filter(c -> c == 409).count(), "the others conflict: " + codes);
                // The winner's two events: versions stay dense.
                assertEquals(1 + 2L * round, readStream(stream, null, "forward", 1000).getList("$").size());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> versions = readStream(stream, null, "forward", 1000).getList("aggregateVersion");
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(i + 1, versions.get(i));
        }
    }

    @Test
    void appendsAreValidated() {
        String stream = UUID.randomUUID().toString();
        append(TYPE, stream, "soon", List.of(counted(1))).then().statusCode(400)
                .body("errors[0].field", equalTo("expectedVersion"));
        ObjectNode twice = counted(1);
        append(TYPE, stream, null, List.of(twice, twice)).then().statusCode(400).body("errors[0].field", equalTo("events"));
        append(TYPE, stream, null, List.of()).then().statusCode(400);
        ObjectNode badType = counted(1).put("type", "Not A Type");
        append(TYPE, stream, null, List.of(badType)).then().statusCode(400);
        append("Bad Type", stream, null, List.of(counted(1))).then().statusCode(400);
        given().queryParam("direction", "sideways").get("/api/v1/streams/" + TYPE + "/" + stream).then().statusCode(400);
        assertEquals(0, readStream(stream, null, "forward", 100).getList("$").size());
    }

    private static ObjectNode counted(int n) {
        return event("test.counted.v1", null, null, CloudEventCodec.mapper().createObjectNode().put("n", n));
    }

    private static JsonPath readStream(String stream, Long from, String direction, int limit) {
        var request = given().queryParam("direction", direction).queryParam("limit", limit);
        if (from != null) {
            request.queryParam("from", from);
        }
        return request.get("/api/v1/streams/" + TYPE + "/" + stream).then().statusCode(200).extract().jsonPath();
    }
}
