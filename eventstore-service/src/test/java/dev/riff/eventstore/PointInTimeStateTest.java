package dev.riff.eventstore;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.CommandOptions;
import dev.riff.contracts.EventType;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.PlayerStateChanged;
import dev.riff.contracts.QueueChanged;
import dev.riff.contracts.ServerConfigurationChanged;
import dev.riff.contracts.ServerConfigurationChanged.FieldChange;
import dev.riff.contracts.TrackEvent;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Drives a model of each owning service (config-service's configuration, playback-service's player
 * and queue) through a sequence, publishes its events as the owner does, keeps the owner's state
 * after every event, and checks the store's state at each of those points equals it, with and
 * without snapshots (taken every 4 events in tests).
 */
@QuarkusTest
class PointInTimeStateTest {

    private static final ObjectMapper JSON = CloudEventCodec.mapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void serverConfigurationAtEveryPointEqualsConfigServicesState() throws Exception {
        String guild = Streams.newGuildId();
        ConfigurationOwner owner = new ConfigurationOwner(guild);
        Random random = new Random(7);
        String[] fields = {"volumeLimit", "prefix", "language", "djOnly"};
        for (int i = 0; i < 18; i++) {
            Map<String, JsonNode> patch = new LinkedHashMap<>();
            for (int f = 0; f < 1 + random.nextInt(2); f++) {
                String field = fields[random.nextInt(fields.length)];
                patch.put(field, switch (field) {
                    case "volumeLimit" -> IntNode.valueOf(10 * (1 + random.nextInt(10)));
                    case "prefix" -> TextNode.valueOf(random.nextBoolean() ? "!" : "?");
                    case "language" -> TextNode.valueOf(random.nextBoolean() ? "en" : "de");
                    default -> JSON.getNodeFactory().booleanNode(random.nextBoolean());
                });
            }
            owner.patch(patch);
        }
        verify(owner.events, owner.states, EventTypes.SERVER_CONFIGURATION_CHANGED.aggregateType(), guild, "config.events");
    }

    @Test
    void guildPlayerAtEveryPointEqualsPlaybackServicesState() throws Exception {
        String guild = Streams.newGuildId();
        PlayerOwner owner = new PlayerOwner(guild);
        Random random = new Random(11);
        for (int i = 0; i < 30; i++) {
            switch (random.nextInt(8)) {
                case 0, 1, 2 -> owner.play("track-" + random.nextInt(6), "user-" + random.nextInt(3));
                case 3 -> owner.finish();
                case 4 -> owner.skip();
                case 5 -> owner.loopAndFilter(List.of("off", "track", "queue").get(random.nextInt(3)),
                        CommandOptions.Filter.PRESETS.get(random.nextInt(CommandOptions.Filter.PRESETS.size())));
                case 6 -> owner.pauseAndVolume(random.nextBoolean(), 50 + random.nextInt(50));
                default -> {
                    if (random.nextInt(3) == 0) {
                        owner.clear();
                    } else {
                        owner.removeFirst();
                    }
                }
            }
        }
        verify(owner.events, owner.states, EventTypes.QUEUE_CHANGED.aggregateType(), guild, "playback.events");
    }

    @Test
    void unknownAggregatesAndBadTimesAreRefused() {
        given().get("/api/v1/state/test-counter/x").then().statusCode(404);
        given().queryParam("at-time", "noon").get("/api/v1/state/server-configuration/1").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("at-time"));
    }

    private void verify(List<CloudEvent> events, List<JsonNode> states, String aggregateType, String aggregateId, String topic) throws Exception {
        KafkaSender.send(bootstrapServers, topic, events);
        String streamUrl = "/api/v1/streams/" + aggregateType + "/" + aggregateId;
        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().queryParam("limit", 1000).get(streamUrl).then().extract().jsonPath().getList("$").size() == events.size());
        JsonPath stream = given().queryParam("limit", 1000).get(streamUrl).then().statusCode(200).extract().jsonPath();
        assertEquals(events.stream().map(CloudEvent::id).toList(), stream.getList("eventId"));
        List<Long> positions = stream.getList("globalPosition", Long.class);
        assertEquals(events.size() / 4, snapshotsOf(aggregateType, aggregateId), "a snapshot every 4 events");

        String stateUrl = "/api/v1/state/" + aggregateType + "/" + aggregateId;
        for (int i = 0; i < events.size(); i++) {
            JsonNode expected = JSON.readTree(states.get(i).toString());
            long position = positions.get(i);
            JsonNode withSnapshots = state(stateUrl, "at-position", Long.toString(position), true);
            assertEquals(expected, withSnapshots.get("state"), "at position " + position + ", version " + (i + 1));
            assertEquals(i + 1, withSnapshots.get("version").asInt());
            if (i >= 4) {
                assertTrue(withSnapshots.get("fromSnapshotVersion").isNumber(), "folded onto a snapshot");
            }
            JsonNode withoutSnapshots = state(stateUrl, "at-position", Long.toString(position), false);
            assertEquals(expected, withoutSnapshots.get("state"), "from the first event, version " + (i + 1));
            assertTrue(withoutSnapshots.get("fromSnapshotVersion").isNull());
            assertEquals(expected, state(stateUrl, "at-time", events.get(i).time().toString(), true).get("state"), "at the time of version " + (i + 1));
            if (i > 0) {
                assertEquals(JSON.readTree(states.get(i - 1).toString()),
                        state(stateUrl, "at-position", Long.toString(position - 1), true).get("state"), "just before version " + (i + 1));
            }
        }
        assertEquals(JSON.readTree(states.getLast().toString()), state(stateUrl, null, null, true).get("state"), "now");
    }

    private static JsonNode state(String url, String parameter, String value, boolean snapshots) throws Exception {
        var request = given().queryParam("snapshots", snapshots);
        if (parameter != null) {
            request.queryParam(parameter, value);
        }
        return JSON.readTree(request.get(url).then().statusCode(200).extract().asString());
    }

    private long snapshotsOf(String aggregateType, String aggregateId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from event_store_snapshot where aggregate_type = ? and aggregate_id = ?")) {
            query.setString(1, aggregateType);
            query.setString(2, aggregateId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Events one second apart, so every version has its own time. */
    private abstract static class Owner {
        final List<CloudEvent> events = new ArrayList<>();
        final List<JsonNode> states = new ArrayList<>();
        final String guild;
        private final Instant start = Instant.now().minusSeconds(3600);

        Owner(String guild) {
            this.guild = guild;
        }

        <T> void publish(EventType<T> type, String source, T data) {
            events.add(new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), source, type.name(), guild,
                    start.plusSeconds(events.size()), "application/json", guild, type.aggregateType(), JSON.valueToTree(data)));
            states.add(state());
        }

        abstract JsonNode state();
    }

    /** config-service's ServerConfigurationService: a patch that changes nothing publishes nothing. */
    private static final class ConfigurationOwner extends Owner {
        private final Map<String, JsonNode> settings = new LinkedHashMap<>();
        private long version;

        ConfigurationOwner(String guild) {
            super(guild);
        }

        void patch(Map<String, JsonNode> patch) {
            Map<String, FieldChange> changes = new LinkedHashMap<>();
            patch.forEach((field, value) -> {
                if (!value.equals(settings.get(field))) {
                    changes.put(field, new FieldChange(settings.get(field), value));
                    settings.put(field, value);
                }
            });
            if (!changes.isEmpty()) {
                version++;
                publish(EventTypes.SERVER_CONFIGURATION_CHANGED, "/config-service",
                        new ServerConfigurationChanged(guild, version, changes, "actor"));
            }
        }

        @Override
        JsonNode state() {
            ObjectNode state = JSON.createObjectNode().put("version", version);
            state.putObject("settings").setAll(settings);
            return state;
        }
    }

    /** playback-service's PlaybackService: a real queue of tracks, the current one, the player settings. */
    private static final class PlayerOwner extends Owner {
        private record Track(String title, String url, String requestedBy) {
        }

        private final List<Track> queue = new ArrayList<>();
        private Track current;
        private boolean paused;
        private int volume = 100;
        private String loopMode = "off";
        private String filter = "off";
        private String lastChange;

        PlayerOwner(String guild) {
            super(guild);
        }

        void play(String name, String user) {
            queue.add(new Track(name, "https://example.org/" + name + ".mp3", user));
            queueChanged("added");
            if (current == null) {
                startNext();
            }
        }

        void finish() {
            if (current != null) {
                Track ended = current;
                current = null;
                if (loopMode.equals("track")) {
                    queue.addFirst(ended);
                } else if (loopMode.equals("queue")) {
                    queue.add(ended);
                }
                trackEvent(EventTypes.TRACK_ENDED, ended, "finished");
                startNext();
            }
        }

        void skip() {
            if (current != null) {
                Track ended = current;
                current = null;
                trackEvent(EventTypes.TRACK_ENDED, ended, "skipped");
                startNext();
            }
        }

        void loopAndFilter(String mode, String preset) {
            loopMode = mode;
            filter = preset;
            publish(EventTypes.PLAYER_STATE_CHANGED, "/playback-service", new PlayerStateChanged(guild, paused, volume, loopMode, filter));
        }

        void pauseAndVolume(boolean pause, int newVolume) {
            paused = pause;
            volume = newVolume;
            publish(EventTypes.PLAYER_STATE_CHANGED, "/playback-service", new PlayerStateChanged(guild, paused, volume, loopMode, filter));
        }

        void clear() {
            queue.clear();
            queueChanged("cleared");
        }

        void removeFirst() {
            if (!queue.isEmpty()) {
                queue.removeFirst();
                queueChanged("removed");
            }
        }

        private void startNext() {
            if (!queue.isEmpty()) {
                current = queue.removeFirst();
                trackEvent(EventTypes.TRACK_STARTED, current, null);
            }
        }

        private void queueChanged(String change) {
            lastChange = change;
            publish(EventTypes.QUEUE_CHANGED, "/playback-service", new QueueChanged(guild, queue.size(), change));
        }

        private void trackEvent(EventType<TrackEvent> type, Track track, String reason) {
            publish(type, "/playback-service", new TrackEvent(guild, track.title(), track.url(), "http", track.requestedBy(),
                    180_000, reason == null ? 0 : 60_000, reason));
        }

        @Override
        JsonNode state() {
            ObjectNode state = JSON.createObjectNode();
            if (current == null) {
                state.putNull("current");
            } else {
                state.putObject("current").put("title", current.title()).put("url", current.url()).put("source", "http")
                        .put("requestedBy", current.requestedBy()).put("durationMs", 180_000);
            }
            state.put("queueLength", queue.size());
            state.put("lastQueueChange", lastChange);
            state.put("paused", paused);
            state.put("volume", volume);
            state.put("loopMode", loopMode);
            state.put("filter", filter);
            return state;
        }
    }
}
