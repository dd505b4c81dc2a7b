package dev.riff.eventstore;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.eventstore.domain.EventRules;
import dev.riff.contracts.EventTypes;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventStoreTest {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void redeliveredEventIsStoredOnce() throws Exception {
        String guild = newGuildId();
        CloudEvent event = configChange(guild, 70);

        send("config.events", guild, CloudEventCodec.write(event));
        send("config.events", guild, CloudEventCodec.write(event));
        CloudEvent later = configChange(guild, 60);
        send("config.events", guild, CloudEventCodec.write(later));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsAbout(guild).getList("$").size() == 2);
        Thread.sleep(1000);
        List<Object> ids = eventsAbout(guild).getList("eventId");
        assertEquals(List.of(event.id(), later.id()), ids);
        given().get("/api/v1/events/" + event.id()).then().statusCode(200)
                .body("aggregateVersion", equalTo(1))
                .body("data.changes.volumeLimit.newValue", equalTo(70));
        given().get("/api/v1/events/" + later.id()).then().statusCode(200).body("aggregateVersion", equalTo(2));
    }

    @Test
    void globalPositionsAreGapFreeAndFollowAppendOrder() throws Exception {
        String guild = newGuildId();
        for (int i = 0; i < 5; i++) {
            send("config.events", guild, CloudEventCodec.write(configChange(guild, 10 + i)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsAbout(guild).getList("$").size() == 5);

        List<Long> positions = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Object> page = given().queryParam("after", after).queryParam("limit", 1000)
                    .get("/api/v1/events").then().statusCode(200).extract().jsonPath().getList("globalPosition");
            if (page.isEmpty()) {
                break;
            }
            page.forEach(p -> positions.add(((Number) p).longValue()));
            after = positions.getLast();
        }
        for (int i = 0; i < positions.size(); i++) {
            assertEquals(i + 1L, positions.get(i), "positions run 1..N without a gap");
        }
        List<Object> versions = eventsAbout(guild).getList("aggregateVersion");
        assertEquals(List.of(1, 2, 3, 4, 5), versions);
    }

    /**
     * Polls arrive as batches mixing streams, repeats and a malformed record: each event is stored
     * once, every stream's versions run 1..N in the order sent, and the global positions are distinct.
     */
    @Test
    void aBatchOfManyStreamsWithRepeatsIsStoredOnceInOrder() throws Exception {
        List<String> guilds = List.of(newGuildId(), newGuildId(), newGuildId(), newGuildId());
        java.util.Map<String, List<String>> sentIds = new java.util.HashMap<>();
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            for (String guild : guilds) {
                CloudEvent event = configChange(guild, 1 + i);
                sentIds.computeIfAbsent(guild, g -> new ArrayList<>()).add(event.id());
                records.add(new String[] {guild, CloudEventCodec.write(event)});
                if (i % 10 == 0) {
                    records.add(new String[] {guild, CloudEventCodec.write(event)}); // a redelivery in the same poll
                }
            }
            if (i == 25) {
                records.add(new String[] {guilds.getFirst(), "{\"not\": \"an event\"}"});
            }
        }
        KafkaSender.sendRaw(bootstrapServers, "config.events", records);

        for (String guild : guilds) {
            await().atMost(Duration.ofSeconds(30)).until(() -> eventsAbout(guild).getList("$").size() >= 50);
        }
        Thread.sleep(1000); // a late repeat would show now
        java.util.Set<Long> positions = new java.util.HashSet<>();
        for (String guild : guilds) {
            JsonPath stored = eventsAbout(guild);
            assertEquals(sentIds.get(guild), stored.getList("eventId"), "each event once, in the order sent");
            List<Integer> versions = stored.getList("aggregateVersion");
            for (int i = 0; i < versions.size(); i++) {
                assertEquals(i + 1, versions.get(i), "versions run 1..N");
            }
            stored.getList("globalPosition").forEach(p -> positions.add(((Number) p).longValue()));
        }
        assertEquals(200, positions.size(), "every event has its own position");
    }

    /** A record that is not a CloudEvent, and one the store's rules refuse, are set aside; the next event is stored. */
    @Test
    void malformedRecordGoesToTheDeadLetterTopicAndTheNextEventIsStored() throws Exception {
        String guild = newGuildId();
        try (var deadLetters = new dev.riff.support.testing.DeadLetterTopic("eventstore.dead-letter")) {
            String marker = "not-a-cloud-event-" + UUID.randomUUID();
            send("config.events", guild, "{\"hello\":\"" + marker + "\"}");
            CloudEvent refused = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), "/config-service",
                    "x".repeat(EventRules.MAX_TEXT + 1) + ".v1", guild, java.time.Instant.now(), "application/json", guild,
                    "server-configuration", CloudEventCodec.mapper().createObjectNode());
            send("config.events", guild, CloudEventCodec.write(refused));
            send("config.events", guild, CloudEventCodec.write(configChange(guild, 42)));

            await().atMost(Duration.ofSeconds(30)).until(() -> eventsAbout(guild).getList("$").size() == 1);
            assertTrue(deadLetters.await(marker, Duration.ofSeconds(30)).isPresent(), "the record that is not a CloudEvent was set aside");
            assertTrue(deadLetters.await(refused.id(), Duration.ofSeconds(30)).isPresent(), "the refused event was set aside");
        }
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteEvents() throws Exception {
        String guild = newGuildId();
        CloudEvent event = configChange(guild, 42);
        send("config.events", guild, CloudEventCodec.write(event));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsAbout(guild).getList("$").size() == 1);

        String where = " where event_id = '" + event.id() + "'";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // The service role holds no UPDATE, DELETE or TRUNCATE privilege on the table.
            for (String change : List.of("update event_store_event set event_type = 'tampered'" + where,
                    "delete from event_store_event" + where, "truncate event_store_event")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate(change));
                assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
            }
            // And the trigger refuses even a role that has them: granted back for this transaction only.
            connection.setAutoCommit(false);
            try {
                statement.execute("grant update, delete, truncate on event_store_event to current_user");
                statement.execute("savepoint tamper");
                for (String change : List.of("update event_store_event set event_type = 'tampered'" + where,
                        "delete from event_store_event" + where, "truncate event_store_event")) {
                    SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate(change));
                    assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
                    statement.execute("rollback to savepoint tamper");
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        given().get("/api/v1/events/" + event.id()).then().statusCode(200)
                .body("type", equalTo(EventTypes.SERVER_CONFIGURATION_CHANGED.name()));
    }

    @Test
    void readApiValidatesItsParameters() {
        given().queryParam("limit", 0).get("/api/v1/events").then().statusCode(400)
                .contentType("application/problem+json").body("errors", hasSize(1));
        given().queryParam("guild", "12ab").get("/api/v1/events").then().statusCode(400)
                .body("errors[0].reason", equalTo("must be a Discord snowflake id"));
        given().get("/api/v1/events/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static CloudEvent configChange(String guild, int volumeLimit) {
        var data = CloudEventCodec.mapper().createObjectNode();
        data.put("guildId", guild);
        data.putObject("changes").putObject("volumeLimit").put("newValue", volumeLimit);
        return CloudEvent.create(EventTypes.SERVER_CONFIGURATION_CHANGED, "/config-service", guild, guild, data);
    }

    private static JsonPath eventsAbout(String guild) {
        return given().queryParam("guild", guild).get("/api/v1/events").then().statusCode(200).extract().jsonPath();
    }

    private void send(String topic, String key, String value) throws Exception {
        KafkaSender.send(bootstrapServers, topic, key, value);
    }

    private static String newGuildId() {
        return Streams.newGuildId();
    }

}
