package dev.riff.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.TrackEvent;
import dev.riff.support.testing.DeadLetterTopic;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Deliveries to receivers on this machine, from domain events on the real Kafka, with every
 * signature checked by the official Standard Webhooks library.
 */
@QuarkusTest
class WebhookDeliveryTest {

    static String snowflake() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }

    record Endpoint(String id, String secret) {
    }

    static Endpoint subscribe(String guild, String url, String... events) {
        var created = given().contentType("application/json")
                .body(CloudEventCodec.mapper().createObjectNode().put("url", url).<ObjectNode>set("events",
                        CloudEventCodec.mapper().valueToTree(List.of(events))).toString())
                .post("/api/v1/guilds/{guild}/webhooks", guild).then().statusCode(201)
                .body("secret", startsWith("whsec_")).extract().jsonPath();
        return new Endpoint(created.getString("endpoint.id"), created.getString("secret"));
    }

    static CloudEvent trackStarted(String guild, ObjectNode extra) {
        ObjectNode data = CloudEventCodec.mapper().valueToTree(new TrackEvent(guild, "Riff Demo Tune", "https://example.org/demo.ogg", "http",
                "123456789012345678", 30_000, 0, null));
        if (extra != null) {
            data.setAll(extra);
        }
        return CloudEvent.create(EventTypes.TRACK_STARTED, "/playback-service", guild, guild, data);
    }

    static void publish(CloudEvent event) {
        DeadLetterTopic.send(event.type().startsWith("playback.") ? "playback.events" : "config.events", event.recordKey(), CloudEventCodec.write(event));
    }

    static void verify(String secret, Receiver.Delivery delivery) throws Exception {
        new Webhook(secret).verify(delivery.body(), delivery.headers());
    }

    @Test
    void aTrackStartedReachesTheEndpointSignedAndCarryingOnlyItsPublicFields() throws Exception {
        String guild = snowflake();
        try (Receiver receiver = new Receiver()) {
            Endpoint endpoint = subscribe(guild, receiver.url(), "track.started");
            CloudEvent event = trackStarted(guild, CloudEventCodec.mapper().createObjectNode().put("voiceToken", "must-not-leave"));
            publish(event);
            publish(event);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of("track.started").size() == 1);
            Receiver.Delivery delivery = receiver.of("track.started").get(0);
            verify(endpoint.secret(), delivery);
            assertTrue(delivery.header("webhook-id").startsWith("msg_"));
            JsonNode body = CloudEventCodec.mapper().readTree(delivery.body());
            assertEquals("Riff Demo Tune", body.path("data").path("title").asText());
            assertFalse(delivery.body().contains("must-not-leave"), "only the catalogue's fields leave");
            assertEquals(event.time().toString(), body.path("timestamp").asText());

            // The duplicate record made no second message: a later event arrives, and still one of the first.
            publish(trackStarted(guild, null));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of("track.started").size() == 2);
            assertEquals(2, receiver.deliveries.stream().map(d -> d.header("webhook-id")).distinct().count());
        }
    }

    @Test
    void failuresAreRetriedWithTheSameIdUntilOneSucceedsAndEveryAttemptIsLogged() throws Exception {
        String guild = snowflake();
        try (Receiver receiver = new Receiver()) {
            receiver.answer(new Receiver.Answer(500, null), new Receiver.Answer(503, "2"));
            Endpoint endpoint = subscribe(guild, receiver.url(), "track.started");
            publish(trackStarted(guild, null));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() == 3);
            assertEquals(1, receiver.deliveries.stream().map(d -> d.header("webhook-id")).distinct().count(), "one webhook-id for all attempts");
            for (Receiver.Delivery delivery : receiver.deliveries) {
                verify(endpoint.secret(), delivery);
            }
            assertTrue(Duration.between(receiver.deliveries.get(1).at(), receiver.deliveries.get(2).at()).toMillis() >= 1_900,
                    "Retry-After: 2 was honoured");
            await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(messages(guild, endpoint).path(0).path("status").asText()));
            JsonNode log = messages(guild, endpoint).path(0).path("log");
            assertEquals(List.of(500, 503, 204), List.of(log.path(0).path("status").asInt(), log.path(1).path("status").asInt(),
                    log.path(2).path("status").asInt()));
            assertEquals("answer 500", log.path(0).path("response").asText());
        }
    }

    /**
     * An endpoint answering 503 rests: after its first answers no more of its messages are tried until
     * its Retry-After (2 s) has passed. Twelve messages would make twelve attempts at once without the
     * rest; with it, at most one round of 4 (its slots) per rest fits in the 2.5 s it fails, whatever
     * the machine's speed (a slower one makes fewer rounds).
     */
    @Test
    void anEndpointThatCannotTakeAttemptsRestsInsteadOfGettingEveryMessage() throws Exception {
        String guild = snowflake();
        try (Receiver receiver = new Receiver()) {
            receiver.answerFor(Duration.ofMillis(2500), new Receiver.Answer(503, "2"));
            subscribe(guild, receiver.url(), "track.started");
            for (int i = 0; i < 12; i++) {
                publish(trackStarted(guild, null));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.deliveries.stream().map(d -> d.header("webhook-id")).distinct().count() == 12);
            Instant failingEnds = receiver.deliveries.get(0).at().plusMillis(2500);
            long refused = receiver.deliveries.stream().filter(d -> d.at().isBefore(failingEnds)).count();
            assertTrue(refused <= 8, () -> refused + " attempts reached an endpoint that was answering 503 with Retry-After: 2");
        }
    }

    @Test
    void gone410DisablesTheEndpointAndTheGuildIsTold() throws Exception {
        String guild = snowflake();
        try (Receiver receiver = new Receiver(); var notices = new DeadLetterTopic("webhook.events")) {
            receiver.otherwise(new Receiver.Answer(410, null));
            Endpoint endpoint = subscribe(guild, receiver.url(), "track.started");
            publish(trackStarted(guild, null));
            await().atMost(Duration.ofSeconds(30)).until(() -> !given().get("/api/v1/guilds/{g}/webhooks/{id}", guild, endpoint.id())
                    .then().statusCode(200).extract().jsonPath().getBoolean("active"));
            given().get("/api/v1/guilds/{g}/webhooks/{id}", guild, endpoint.id()).then().body("disabledReason", equalTo("the endpoint answered 410 Gone"));
            var notice = notices.await(endpoint.id(), Duration.ofSeconds(30)).orElseThrow();
            assertTrue(notice.value().contains(EventTypes.WEBHOOK_ENDPOINT_DISABLED.name()) && notice.value().contains(guild), notice.value());
            publish(trackStarted(guild, null));
            publish(trackStarted(guild, null));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries.size() == 1);
        }
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() throws Exception {
        String guild = snowflake();
        try (Receiver receiver = new Receiver()) {
            Endpoint endpoint = subscribe(guild, receiver.url(), "track.started");
            String rotated = given().post("/api/v1/guilds/{g}/webhooks/{id}/rotate-secret", guild, endpoint.id()).then().statusCode(200)
                    .extract().path("secret");
            publish(trackStarted(guild, null));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() == 1);
            Receiver.Delivery delivery = receiver.deliveries.get(0);
            assertEquals(2, delivery.header("webhook-signature").split(" ").length);
            verify(rotated, delivery);
            verify(endpoint.secret(), delivery);
        }
    }

    @Test
    void aMessageCanBeReplayedAndFailedOnesSinceATime() throws Exception {
        String guild = snowflake();
        try (Receiver receiver = new Receiver()) {
            Endpoint endpoint = subscribe(guild, receiver.url(), "track.started");
            given().post("/api/v1/guilds/{g}/webhooks/{id}/test", guild, endpoint.id()).then().statusCode(200).body("messages", equalTo(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of("webhook.test").size() == 1);
            String id = receiver.deliveries.get(0).header("webhook-id");
            await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(messages(guild, endpoint).path(0).path("status").asText()));
            given().post("/api/v1/guilds/{g}/webhooks/{id}/messages/{m}/replay", guild, endpoint.id(), id).then().statusCode(200)
                    .body("replayed", equalTo(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() == 2);
            assertEquals(id, receiver.deliveries.get(1).header("webhook-id"), "a replay keeps the webhook-id");
            given().queryParam("since", Instant.now().minusSeconds(60).toString())
                    .post("/api/v1/guilds/{g}/webhooks/{id}/replay", guild, endpoint.id()).then().statusCode(200).body("replayed", equalTo(0));
            given().queryParam("since", "yesterday").post("/api/v1/guilds/{g}/webhooks/{id}/replay", guild, endpoint.id()).then().statusCode(400);
        }
    }

    @Test
    void anEndpointFailingForTheConfiguredSpanIsDisabled() throws Exception {
        String guild = snowflake();
        try (Receiver receiver = new Receiver()) {
            receiver.otherwise(new Receiver.Answer(500, null));
            Endpoint endpoint = subscribe(guild, receiver.url(), "track.started");
            // The test profile disables after 4 s of failures; events keep coming meanwhile.
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                publish(trackStarted(guild, null));
                return !given().get("/api/v1/guilds/{g}/webhooks/{id}", guild, endpoint.id()).then().extract().jsonPath().getBoolean("active");
            });
            given().get("/api/v1/guilds/{g}/webhooks/{id}", guild, endpoint.id()).then()
                    .body("disabledReason", startsWith("every attempt failed since"));
        }
    }

    @Test
    void eachGuildHasTheEndpointsItsTierAllows() {
        String guild = snowflake();
        subscribe(guild, "http://127.0.0.1:1/a", "track.started");
        subscribe(guild, "http://127.0.0.1:1/b", "queue.changed");
        given().contentType("application/json").body("{\"url\":\"http://127.0.0.1:1/c\",\"events\":[\"track.ended\"]}")
                .post("/api/v1/guilds/{guild}/webhooks", guild).then().statusCode(409)
                .body("type", equalTo("https://riff.dev/problems/webhooks/limit-reached"));
    }

    /** Request forgery: every form of a non-public address is refused when subscribing, and nothing is stored. */
    @Test
    void urlsThatReachPrivateNetworksAreRefused() {
        String guild = snowflake();
        for (String url : List.of("https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
                "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:a9fe:a9fe]/hook", "https://[64:ff9b::a00:1]/hook",
                "https://[2002:a00:1::]/hook", "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hook", "https://localhost/hook",
                "https://127.0.0.1.nip.io.invalid/hook", "http://example.org/hook", "ftp://example.org/hook",
                "https://user:pass@example.org/hook", "https://[fd00::1]/hook", "https://0.0.0.0/hook", "https://100.64.0.1/hook",
                "not a url")) {
            given().contentType("application/json")
                    .body(CloudEventCodec.mapper().createObjectNode().put("url", url).<ObjectNode>set("events",
                            CloudEventCodec.mapper().valueToTree(List.of("track.started"))).toString())
                    .post("/api/v1/guilds/{guild}/webhooks", guild).then().statusCode(400).body("errors[0].field", equalTo("url"));
        }
        given().get("/api/v1/guilds/{guild}/webhooks", guild).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void eventTypesComeFromTheCatalogue() {
        given().contentType("application/json").body("{\"url\":\"http://127.0.0.1:1/a\",\"events\":[\"track.started\",\"everything\"]}")
                .post("/api/v1/guilds/{guild}/webhooks", snowflake()).then().statusCode(400).body("errors[0].field", equalTo("events[1]"));
        given().get("/api/v1/webhook-event-types").then().statusCode(200).body("type", org.hamcrest.Matchers.hasItems("track.started",
                "track.ended", "queue.changed", "player.state-changed", "configuration.changed", "premium.changed"));
    }

    private static JsonNode messages(String guild, Endpoint endpoint) throws Exception {
        return CloudEventCodec.mapper().readTree(given().get("/api/v1/guilds/{g}/webhooks/{id}/messages", guild, endpoint.id())
                .then().statusCode(200).extract().asString());
    }
}
