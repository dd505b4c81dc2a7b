package dev.riff.billing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Billing's API the way the gateway uses it, and a paying user made through Stripe's checkout. */
final class Premium {

    private Premium() {
    }

    static String snowflake() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }

    static JsonPath status(String user) {
        return given().get("/api/v1/users/{user}/premium", user).then().statusCode(200).extract().jsonPath();
    }

    /** The checkout link's session id (the simulator's hosted page ends with it). */
    static String checkout(String user, String plan) {
        String url = given().contentType("application/json").body("{\"plan\":\"" + plan + "\"}")
                .post("/api/v1/users/{user}/checkout", user).then().statusCode(200).extract().path("url");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** A user who bought the plan and whose subscription billing has seen become active; returns the Stripe subscription id. */
    static String subscribed(String user, String plan) {
        String session = checkout(user, plan);
        String subscription = StripeSimulatorResource.simulator().completeCheckout(session).path("subscriptionId").asText();
        awaitStatus(user, "active");
        return subscription;
    }

    static JsonPath awaitStatus(String user, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(status(user).getString("status")));
        return status(user);
    }
}
