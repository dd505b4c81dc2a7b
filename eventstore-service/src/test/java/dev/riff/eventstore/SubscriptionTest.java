package dev.riff.eventstore;

import static dev.riff.eventstore.Streams.append;
import static dev.riff.eventstore.Streams.event;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.eventstore.service.LiveSignal;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    LiveSignal liveSignal;

    @TestHTTPResource("/api/v1/subscriptions/all")
    URI subscriptions;

    @Test
    void historyThenLiveUnderConcurrentWritesHasNoGapNorDuplicateAndResumesAfterADisconnect() throws Exception {
        // History: events stored before anyone subscribes.
        long from = append("test-sub", UUID.randomUUID().toString(), null, batch(null, 20))
                .then().statusCode(201).extract().jsonPath().getLong("firstPosition") - 1;

        AtomicInteger appends = new AtomicInteger();
        AtomicLong lastWritten = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 150; i++) {
                String stream = "s" + (i % 7) + "-" + from;
                long last = append("test-sub", stream, null, batch(null, 1 + ThreadLocalRandom.current().nextInt(4)))
                        .then().statusCode(201).extract().jsonPath().getLong("lastPosition");
                lastWritten.set(last);
                appends.incrementAndGet();
            }
        });
        // Subscribers start while the writer is busy: part of what they get is history, the rest live.
        await().atMost(PATIENCE).until(() -> appends.get() >= 10);
        List<Long> resumed = new ArrayList<>();
        try (SseReader whole = new SseReader(subscriptions("from=" + from), null)) {
            try (SseReader first = new SseReader(subscriptions("from=" + from), null)) {
                await().atMost(PATIENCE).until(() -> first.positions.size() >= 60);
                first.close();
                resumed.addAll(first.positions);
            }
            // Reconnect as a browser would: Last-Event-ID is the last position received.
            try (SseReader second = new SseReader(subscriptions("from=0"), resumed.getLast())) {
                writer.join();
                long end = lastWritten.get();
                await().atMost(PATIENCE).until(() -> !second.positions.isEmpty() && second.last() >= end);
                await().atMost(PATIENCE).until(() -> !whole.positions.isEmpty() && whole.last() >= end);
                second.positions.stream().filter(p -> p <= end).forEach(resumed::add);
                List<Long> expected = LongStream.rangeClosed(from + 1, end).boxed().toList();
                assertEquals(expected, resumed, "disconnected and resumed: every position once, in order");
                assertEquals(expected, whole.positions.stream().filter(p -> p <= end).toList(), "uninterrupted: every position once, in order");
                assertNull(second.failure);
            }
        }
    }

    @Test
    void aFilteredSubscriptionGetsExactlyTheGuildsEvents() throws Exception {
        String guild = Streams.newGuildId();
        String other = Streams.newGuildId();
        long from = append("test-sub", guild, null, batch(guild, 3)).then().statusCode(201)
                .extract().jsonPath().getLong("firstPosition") - 1;
        try (SseReader reader = new SseReader(subscriptions("from=" + from + "&guild=" + guild + "&type=test."), null)) {
            for (int i = 0; i < 30; i++) {
                append("test-sub", i % 2 == 0 ? guild : other, null, batch(i % 2 == 0 ? guild : other, 2)).then().statusCode(201);
            }
            List<Long> expected = given().queryParam("guild", guild).queryParam("after", from).queryParam("limit", 1000)
                    .get("/api/v1/events").then().statusCode(200).extract().jsonPath().getList("globalPosition", Long.class);
            assertEquals(3 + 15 * 2, expected.size());
            await().atMost(PATIENCE).until(() -> reader.positions.size() >= expected.size());
            assertEquals(expected, reader.positions.subList(0, expected.size()));
            for (JsonNode event : reader.data) {
                assertEquals(guild, event.path("guildId").asText());
            }
        }
    }

    @Test
    void aCommittedAppendWakesSubscriptionsThroughListenNotify() {
        // Only the NOTIFY completes it: the one-second poll of a waiting subscription does not.
        CompletableFuture<Void> wakeUp = liveSignal.next();
        append("test-sub", UUID.randomUUID().toString(), null, batch(null, 1)).then().statusCode(201);
        await().atMost(PATIENCE).until(wakeUp::isDone);
        assertEquals(false, wakeUp.isCompletedExceptionally());
    }

    @Test
    void aBadLastEventIdIsRefused() {
        given().header("Last-Event-ID", "yesterday").get("/api/v1/subscriptions/all").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("Last-Event-ID"));
    }

    private URI subscriptions(String query) {
        return URI.create(subscriptions + "?" + query);
    }

    private static List<ObjectNode> batch(String guild, int size) {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(event("test.ticked.v1", guild, null, CloudEventCodec.mapper().createObjectNode().put("i", i)));
        }
        return events;
    }
}
