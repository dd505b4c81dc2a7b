package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.devkit.FleetService;
import dev.riff.devkit.KafkaBroker;
import dev.riff.devkit.Ports;
import dev.riff.devkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The first end-to-end slice, across real processes: a configuration change made over
 * config-service's REST API leaves through its outbox, crosses a real Kafka broker, and is stored
 * once by eventstore-service with a global position, readable over its REST API.
 *
 * <p>The test runs its own broker (so it can stop it) and its own service processes, on free ports,
 * against the services' test databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigChangeReachesEventStoreIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final String CONFIG_EVENT_TYPE = "config.server-configuration-changed.v1";

    private Path state;
    private KafkaBroker kafka;
    private ServiceProcess config;
    private ServiceProcess eventstore;

    @BeforeAll
    void startSlice() throws IOException {
        Path root = Path.of(System.getProperty("riff.root", "..")).toAbsolutePath().normalize();
        state = Files.createTempDirectory("riff-fleet-it");
        kafka = new KafkaBroker(state.resolve("kafka"), Ports.free(), Ports.free());
        kafka.start();
        kafka.createTopics();
        Map<String, String> common = Map.of("riff.kafka.bootstrap", kafka.bootstrapServers());
        eventstore = new ServiceProcess(FleetService.EVENTSTORE, root, state, Ports.free(), with(common,
                "riff.database-name", "riff_eventstore_test",
                "mp.messaging.incoming.domain-events.group.id", "eventstore-it-" + UUID.randomUUID()));
        config = new ServiceProcess(FleetService.CONFIG, root, state, Ports.free(), with(common,
                "riff.database-name", "riff_config_test"));
        eventstore.start();
        config.start();
        eventstore.awaitReady(Duration.ofSeconds(120));
        config.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    void stopSlice() throws IOException {
        for (ServiceProcess service : new ServiceProcess[] {config, eventstore}) {
            if (service != null) {
                service.stop();
            }
        }
        if (kafka != null) {
            kafka.stop();
        }
        TestDirectories.deleteTree(state);
    }

    @Test
    void configurationChangeIsStoredExactlyOnceWithAGlobalPosition() {
        String guild = newGuildId();

        Http.Reply changed = changeVolumeLimit(guild, 80);
        assertEquals(200, changed.status(), () -> "PATCH answered " + changed.body());
        assertEquals(80, changed.body().get("volumeLimit").asInt());
        assertEquals("\"1\"", changed.etag());

        JsonNode event = awaitSingleEvent(guild);
        assertEquals(CONFIG_EVENT_TYPE, event.get("type").asText());
        assertEquals("server-configuration", event.get("aggregateType").asText());
        assertEquals(guild, event.get("aggregateId").asText());
        assertEquals(1, event.get("aggregateVersion").asLong());
        assertTrue(event.get("globalPosition").asLong() > 0, "global position assigned: " + event);
        assertEquals(100, event.at("/data/changes/volumeLimit/oldValue").asInt());
        assertEquals(80, event.at("/data/changes/volumeLimit/newValue").asInt());

        Http.Reply byId = Http.get(eventstore.url() + "/api/v1/events/" + event.get("eventId").asText());
        assertEquals(200, byId.status());
        assertEquals(event.get("globalPosition"), byId.body().get("globalPosition"));

        assertStillExactlyOneEvent(guild);
    }

    @Test
    void changeMadeWhileKafkaIsDownArrivesExactlyOnceAfterKafkaReturns() {
        String guild = newGuildId();
        kafka.stop();
        try {
            Http.Reply changed = changeVolumeLimit(guild, 55);
            assertEquals(200, changed.status(), () -> "the API answers while Kafka is down: " + changed.body());
            assertEquals(0, eventsAbout(guild).size(), "nothing can reach the event store without Kafka");
        } finally {
            kafka.start();
        }

        JsonNode event = awaitSingleEvent(guild);
        assertEquals(55, event.at("/data/changes/volumeLimit/newValue").asInt());
        assertStillExactlyOneEvent(guild);
    }

    /**
     * The event store is killed (SIGKILL) while changes keep coming: what it had consumed but not
     * committed is redelivered after the restart, and the guild's stream ends up complete, once each,
     * in order; a catch-up subscription from position zero replays exactly that stream.
     */
    @Test
    void aKilledEventStoreRestartsAndReplaysEveryChangeOnceInOrder() throws Exception {
        String guild = newGuildId();
        int changes = 20;
        List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= changes; i++) {
                statuses.add(changeVolumeLimit(guild, 30 + i).status());
            }
        });
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> eventsAbout(guild).size() >= 3);
        eventstore.kill();
        writer.join(60_000);
        assertEquals(java.util.Collections.nCopies(changes, 200), statuses, "config-service took every change");
        eventstore.start();
        eventstore.awaitReady(Duration.ofSeconds(120));

        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> eventsAbout(guild).size() >= changes);
        assertStillExactly(guild, changes);
        JsonNode events = eventsAbout(guild);
        List<Long> positions = new java.util.ArrayList<>();
        for (int i = 0; i < changes; i++) {
            assertEquals(i + 1, events.get(i).get("aggregateVersion").asLong(), "versions in order");
            assertEquals(31 + i, events.at("/" + i + "/data/changes/volumeLimit/newValue").asInt(), "the changes in the order made");
            positions.add(events.get(i).get("globalPosition").asLong());
        }
        assertEquals(positions.stream().sorted().toList(), positions, "global positions follow the stream");

        assertEquals(positions, replayedPositions(guild, changes), "a subscription from zero replays the same events");
    }

    /** Global positions delivered by a catch-up subscription (SSE) from position zero for the guild. */
    private List<Long> replayedPositions(String guild, int count) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                eventstore.url() + "/api/v1/subscriptions/all?from=0&type=config.&guild=" + guild))
                .header("Authorization", "Bearer " + Http.serviceToken()).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        var reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> response.body()
                .filter(line -> line.startsWith("id:"))
                .map(line -> Long.parseLong(line.substring(3).trim()))
                .limit(count)
                .toList());
        try {
            return reading.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            response.body().close();
        }
    }

    private Http.Reply changeVolumeLimit(String guild, int volumeLimit) {
        return Http.patch(config.url() + "/api/v1/guilds/" + guild + "/server-configuration",
                "{\"volumeLimit\":" + volumeLimit + "}");
    }

    private JsonNode awaitSingleEvent(String guild) {
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> !eventsAbout(guild).isEmpty());
        JsonNode events = eventsAbout(guild);
        assertEquals(1, events.size(), () -> "exactly one event for the change: " + events);
        return events.get(0);
    }

    private void assertStillExactlyOneEvent(String guild) {
        assertStillExactly(guild, 1);
    }

    /** Redeliveries would show up within the relay's and consumer's retry intervals. */
    private void assertStillExactly(String guild, int events) {
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JsonNode stored = eventsAbout(guild);
        assertEquals(events, stored.size(), () -> "events stored: " + stored);
    }

    private JsonNode eventsAbout(String guild) {
        Http.Reply reply = Http.get(eventstore.url() + "/api/v1/events?guild=" + guild + "&type=config.");
        assertEquals(200, reply.status(), () -> "event store answered " + reply.body());
        return reply.body();
    }

    private static String newGuildId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        var all = new java.util.HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            all.put(keyValues[i], keyValues[i + 1]);
        }
        return all;
    }
}
