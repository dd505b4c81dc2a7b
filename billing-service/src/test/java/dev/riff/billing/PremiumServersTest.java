package dev.riff.billing;

import static dev.riff.billing.Premium.snowflake;
import static dev.riff.billing.Premium.status;
import static dev.riff.billing.Premium.subscribed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.support.testing.DeadLetterTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Premium servers: as many as the plan covers, one owner per server, and a cooldown before premium moves. */
@QuarkusTest
@QuarkusTestResource(value = StripeSimulatorResource.class, restrictToAnnotatedClass = false)
class PremiumServersTest {

    @TestHTTPResource("/webhooks/stripe")
    URL webhookUrl;

    @BeforeEach
    void deliverToThisBilling() {
        StripeSimulatorResource.simulator().deliverTo(webhookUrl.toString());
        StripeSimulatorResource.simulator().resumeDeliveries();
    }

    @Test
    void withoutASubscriptionNoServerCanBeActivated() {
        given().put("/api/v1/users/{user}/premium-servers/{guild}", snowflake(), snowflake()).then().statusCode(402)
                .body("type", equalTo("https://riff.dev/problems/premium/no-subscription"));
    }

    @Test
    void thePlansServerCountLimitsActivationsAndAServerHasOneOwner() {
        String user = snowflake();
        String other = snowflake();
        String first = snowflake();
        subscribed(user, "basic");
        subscribed(other, "basic");
        given().put("/api/v1/users/{user}/premium-servers/{guild}", user, first).then().statusCode(200);
        given().put("/api/v1/users/{user}/premium-servers/{guild}", user, first).then().statusCode(200)
                .body("servers.size()", equalTo(1));
        given().put("/api/v1/users/{user}/premium-servers/{guild}", user, snowflake()).then().statusCode(409)
                .body("type", equalTo("https://riff.dev/problems/premium/no-free-slot"));
        given().put("/api/v1/users/{user}/premium-servers/{guild}", other, first).then().statusCode(409)
                .body("type", equalTo("https://riff.dev/problems/premium/guild-taken"));
        given().delete("/api/v1/users/{user}/premium-servers/{guild}", other, first).then().statusCode(404);
    }

    /** Moving premium waits out the cooldown (3 s in tests); the guild's announcements carry a strictly growing changedAt. */
    @Test
    void premiumMovesOnlyAfterTheCooldownAndEachChangeIsNewerThanTheLast() {
        String user = snowflake();
        String from = snowflake();
        String to = snowflake();
        subscribed(user, "basic");
        try (var billingEvents = new DeadLetterTopic("billing.events")) {
            given().put("/api/v1/users/{user}/premium-servers/{guild}", user, from).then().statusCode(200);
            given().delete("/api/v1/users/{user}/premium-servers/{guild}", user, from).then().statusCode(409)
                    .body("type", equalTo("https://riff.dev/problems/premium/move-cooldown"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> given().delete("/api/v1/users/{user}/premium-servers/{guild}", user, from).statusCode() == 200);
            given().put("/api/v1/users/{user}/premium-servers/{guild}", user, to).then().statusCode(200);
            assertEquals(List.of(to), status(user).getList("servers.guildId"));

            List<JsonNode> changes = billingEvents.collect("\"guildId\":\"" + from + "\"", Duration.ofSeconds(5)).stream()
                    .map(record -> dev.riff.support.messaging.CloudEventReader.event(record.value()).data()).toList();
            assertEquals(List.of("active", "cancelled"), changes.stream().map(c -> c.path("status").asText()).toList());
            assertTrue(Instant.parse(changes.get(1).path("changedAt").asText()).isAfter(Instant.parse(changes.get(0).path("changedAt").asText())));
        }
    }

    @Test
    void identifiersMustBeSnowflakes() {
        given().get("/api/v1/users/{user}/premium", "not-a-user").then().statusCode(400);
        given().put("/api/v1/users/{user}/premium-servers/{guild}", snowflake(), "1; drop table").then().statusCode(400);
        given().contentType("application/json").body("{\"plan\":\"free\"}").post("/api/v1/users/{user}/checkout", snowflake())
                .then().statusCode(400);
        given().contentType("application/json").body("{\"plan\":\"premium\",\"price\":\"price_0\"}")
                .post("/api/v1/users/{user}/checkout", snowflake()).then().statusCode(400);
    }

    /** Plain HTTP: RestAssured here always carries the operator's credential. */
    @Test
    void theGatewaysCredentialReadsAndWritesButCannotRunTheLifecycleJob() throws Exception {
        String gateway = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("riff.auth.callers.gateway.token", String.class);
        assertEquals(200, call("GET", "/api/v1/users/" + snowflake() + "/premium", gateway));
        assertEquals(403, call("POST", "/api/v1/billing/lifecycle", gateway));
        assertEquals(401, call("GET", "/api/v1/users/" + snowflake() + "/premium", "nope"));
        assertEquals(401, call("GET", "/api/v1/users/" + snowflake() + "/premium", null));
        given().post("/api/v1/billing/lifecycle").then().statusCode(200);
    }

    @TestHTTPResource("/")
    URL root;

    private int call(String method, String path, String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(root.toURI().resolve(path)).method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
