package dev.riff.config;

import static io.restassured.RestAssured.given;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServerConfigurationResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void unknownGuildHasTheDefaults() {
        given().get(path(Ids.snowflake()))
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("volumeLimit", equalTo(100))
                .body("maxQueueSize", equalTo(100))
                .body("voteSkipThreshold", equalTo(0.5f))
                .body("subscriptionTier", equalTo("free"));
    }

    @Test
    void changeIsStoredAndPublishedToKafkaKeyedByGuild() {
        String guild = Ids.snowflake();

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
        String guild = Ids.snowflake();

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
                .patch(path(Ids.snowflake()))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("volumeLimit"));

        given().get("/api/v1/guilds/not-a-snowflake/server-configuration")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("guildId"))
                .body("errors[0].reason", equalTo("must be a Discord snowflake id"));
    }

    @Test
    void staleIfMatchIsRefusedWith412AndChangesNothing() {
        String guild = Ids.snowflake();
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"maxQueueSize\": 50}")
                .patch(path(guild)).then().statusCode(200).header("ETag", "\"1\"");

        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"maxQueueSize\": 70}")
                .patch(path(guild))
                .then().statusCode(412).contentType("application/problem+json");

        given().get(path(guild)).then().body("maxQueueSize", equalTo(50)).body("version", equalTo(1));
    }

    @Test
    void patchThatChangesNothingKeepsTheVersionAndPublishesNothing() {
        String guild = Ids.snowflake();
        given().contentType("application/json").body("{\"volumeLimit\": 100}")
                .patch(path(guild)).then().statusCode(200).header("ETag", "\"0\"");
        assertEquals(0, outboxRowsAbout(guild));
    }

    private static String path(String guild) {
        return "/api/v1/guilds/" + guild + "/server-configuration";
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

    private static ConsumerRecord<String, String> awaitRecordAbout(String guild) {
        return KafkaTopics.awaitConfigEvent(guild, record -> true);
    }

    private static ConsumerRecord<String, String> findRecordAbout(String guild, Duration within) {
        return KafkaTopics.findConfigEvent(guild, record -> true, within);
    }
}
