package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServerConfigurationResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void unknownGuildHasTheDefaults() {
        given().get(path(newGuildId()))
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("volumeLimit", equalTo(100))
                .body("maxQueueSize", equalTo(100))
                .body("voteSkipThreshold", equalTo(0.5f))
                .body("subscriptionTier", equalTo("free"));
    }

    @Test
    void changeIsStoredAndPublishedToKafkaKeyedByGuild() {
        String guild = newGuildId();

        given().contentType("application/json").header("X-Riff-Actor", "222222222222222222")
                .body("{\"volumeLimit\": 80, \"djOnlyMode\": true}")
                .patch(path(guild))
                .then().statusCode(200).header("ETag", "\"1\"")
                .body("volumeLimit", equalTo(80)).body("djOnlyMode", equalTo(true));

        given().get(path(guild)).then().statusCode(200).body("volumeLimit", equalTo(80)).body("version", equalTo(1));

        ConsumerRecord<String, String> record = awaitRecordAbout(guild);
        assertEquals(guild, record.key());
        assertEquals(CloudEvent.STRUCTURED_CONTENT_TYPE, new String(record.headers().lastHeader("content-type").value()));
        CloudEvent event = CloudEventCodec.read(record.value());
        assertEquals("config.server-configuration-changed.v1", event.type());
        assertEquals("/config-service", event.source());
        assertEquals(80, event.data().at("/changes/volumeLimit/newValue").asInt());
        assertEquals(true, event.data().at("/changes/djOnlyMode/newValue").asBoolean());
        assertEquals("222222222222222222", event.data().get("actorId").asText());
        assertEquals(2, event.data().get("changes").size(), "only the changed fields: " + event.data());

        given().get("/api/v1/guilds/" + guild + "/audit-log").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].userId", equalTo("222222222222222222"))
                .body("[0].action", equalTo("server-configuration.changed"))
                .body("[0].changes.volumeLimit.oldValue", equalTo(100))
                .body("[0].changes.volumeLimit.newValue", equalTo(80));
    }

    @Test
    void invalidInputNamesEveryFieldAndChangesNothing() {
        String guild = newGuildId();

        given().contentType("application/json")
                .body("{\"volumeLimit\": 500, \"voteSkipThreshold\": 0, \"maxAudioQuality\": \"ultra\", \"djRoleId\": \"abc\", \"autoplayMode\": \"chaos\"}")
                .patch(path(guild))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors", hasSize(5))
                .body("errors.field", containsInAnyOrder("volumeLimit", "voteSkipThreshold", "maxAudioQuality", "djRoleId", "autoplayMode"));

        given().get(path(guild)).then().statusCode(200).body("version", equalTo(0)).body("volumeLimit", equalTo(100));
        assertEquals(0, outboxRowsAbout(guild));
    }

    @Test
    void wrongJsonTypeAndBadGuildIdAreRefused() {
        given().contentType("application/json").body("{\"volumeLimit\": \"loud\"}")
                .patch(path(newGuildId()))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("volumeLimit"));

        given().get("/api/v1/guilds/not-a-snowflake/server-configuration")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("guildId"))
                .body("errors[0].reason", equalTo("must be a Discord snowflake id"));
    }

    @Test
    void staleIfMatchIsRefusedWith412AndChangesNothing() {
        String guild = newGuildId();
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"maxQueueSize\": 50}")
                .patch(path(guild)).then().statusCode(200).header("ETag", "\"1\"");

        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"maxQueueSize\": 70}")
                .patch(path(guild))
                .then().statusCode(412).contentType("application/problem+json");

        given().get(path(guild)).then().body("maxQueueSize", equalTo(50)).body("version", equalTo(1));
    }

    @Test
    void patchThatChangesNothingKeepsTheVersionAndPublishesNothing() {
        String guild = newGuildId();
        given().contentType("application/json").body("{\"volumeLimit\": 100}")
                .patch(path(guild)).then().statusCode(200).header("ETag", "\"0\"");
        assertEquals(0, outboxRowsAbout(guild));
    }

    private static String path(String guild) {
        return "/api/v1/guilds/" + guild + "/server-configuration";
    }

    private static String newGuildId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }

    /** Outbox rows ever written for the guild would have reached Kafka or still be waiting; both count. */
    private int outboxRowsAbout(String guild) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from outbox_event where record_key = ?")) {
            query.setString(1, guild);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                int waiting = rs.getInt(1);
                return waiting + (findRecordAbout(guild, Duration.ofSeconds(2)) == null ? 0 : 1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConsumerRecord<String, String> awaitRecordAbout(String guild) {
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.set(findRecordAbout(guild, Duration.ofSeconds(3)));
            return found.get() != null;
        });
        return found.get();
    }

    private ConsumerRecord<String, String> findRecordAbout(String guild, Duration within) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "config-test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of("config.events"));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (guild.equals(record.key())) {
                        return record;
                    }
                }
            }
            return null;
        }
    }
}
