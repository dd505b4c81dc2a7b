package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** One event Kafka refuses cannot stop the outbox: it is set aside, and the events around it arrive exactly once. */
@QuarkusTest
class OutboxDeadLetterTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventKafkaRefusesIsSetAsideAndTheEventsAroundItArriveOnce() throws Exception {
        String guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
        CloudEvent before = event(guild, "before");
        CloudEvent poison = event(guild, "x".repeat(1_200_000)); // over Kafka's 1 MiB record limit
        CloudEvent after = event(guild, "after");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (CloudEvent e : List.of(before, poison, after)) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into outbox_event (event_id, topic, record_key, event_type, payload) values (?, 'config.events', ?, ?, ?)")) {
                    insert.setString(1, e.id());
                    insert.setString(2, guild);
                    insert.setString(3, e.type());
                    insert.setString(4, CloudEventCodec.write(e));
                    insert.executeUpdate();
                }
            }
            connection.commit();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from outbox_dead_letter where event_id = ?", poison.id()) == 1
                && count("select count(*) from outbox_event where record_key = ?", guild) == 0);
        var arrived = KafkaTopics.allConfigEvents(guild, Duration.ofSeconds(8)).stream()
                .map(r -> CloudEventCodec.read(r.value()).id()).toList();
        assertEquals(List.of(before.id(), after.id()), arrived, "each good event once, in order, and not the refused one");

        given().get("/api/v1/outbox/dead-letters").then().statusCode(200)
                .body("find { it.eventId == '" + poison.id() + "' }.reason", containsString("RecordTooLargeException"))
                .body("find { it.eventId == '" + poison.id() + "' }.bytes", org.hamcrest.Matchers.greaterThan(1_200_000));
        long id = given().get("/api/v1/outbox/dead-letters").then().extract().jsonPath()
                .getLong("find { it.eventId == '" + poison.id() + "' }.id");
        given().delete("/api/v1/outbox/dead-letters/" + id).then().statusCode(204);
        given().delete("/api/v1/outbox/dead-letters/" + id).then().statusCode(404).contentType("application/problem+json");
        assertEquals(0, count("select count(*) from outbox_dead_letter where event_id = ?", poison.id()));
        dev.riff.support.testing.Management.management().get("/q/metrics").then().body(containsString("riff_outbox_dead_lettered_total"));
    }

    /**
     * Lists are bounded where they come in (at most 10000 guilds a flag); the event size limit stands
     * behind every bound. These tests run with riff.outbox.max-event-bytes at 150000 (application.properties)
     * so a list within its bound can still make too large an event.
     */
    @Test
    void aChangeWhoseEventWouldBeTooLargeIsRefusedWith413AndNothingIsStored() throws Exception {
        String flag = "huge-" + ThreadLocalRandom.current().nextInt(1_000_000);
        given().contentType("application/json").body(flagWithTargets(50_000)).put("/api/v1/feature-flags/" + flag).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("targets"));
        given().contentType("application/json").body(flagWithTargets(9_000)).put("/api/v1/feature-flags/" + flag).then()
                .statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("150000 bytes")).body("errors[0].field", equalTo("body"));
        assertEquals(0, count("select count(*) from feature_flag where name = ?", flag), "the flag was not stored");
        assertEquals(0, count("select count(*) from outbox_event where payload like ?", "%" + flag + "%"), "nor its event");
    }

    private static String flagWithTargets(int count) {
        ObjectNode body = CloudEventCodec.mapper().createObjectNode().put("enabled", true);
        var targets = body.putArray("targets");
        java.util.stream.LongStream.range(0, count).forEach(i -> targets.add(Long.toString(100_000_000_000_000_000L + i)));
        return body.toString();
    }

    private static CloudEvent event(String guild, String text) {
        return CloudEvent.create(EventTypes.SERVER_CONFIGURATION_CHANGED, "/config-service-test", guild, guild,
                CloudEventCodec.mapper().createObjectNode().put("note", text));
    }

    private long count(String sql, String parameter) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                assertTrue(rs.getLong(1) >= 0);
                return rs.getLong(1);
            }
        }
    }
}
