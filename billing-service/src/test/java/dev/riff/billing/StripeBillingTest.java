package dev.riff.billing;

import static dev.riff.billing.Premium.awaitStatus;
import static dev.riff.billing.Premium.snowflake;
import static dev.riff.billing.Premium.status;
import static dev.riff.billing.Premium.subscribed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.devkit.stripe.StripeEvent;
import dev.riff.devkit.stripe.StripeSimulator;
import dev.riff.devkit.stripe.WebhookSignature;
import dev.riff.support.testing.DeadLetterTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Premium bought through Stripe, end to end inside billing: stripe-java against the devkit's Stripe
 * simulator, which signs its webhooks as Stripe does, on the real PostgreSQL and Kafka.
 */
@QuarkusTest
@QuarkusTestResource(value = StripeSimulatorResource.class, restrictToAnnotatedClass = false)
class StripeBillingTest {

    @TestHTTPResource("/webhooks/stripe")
    URL webhookUrl;

    StripeSimulator stripe;

    @BeforeEach
    void deliverToThisBilling() {
        stripe = StripeSimulatorResource.simulator();
        stripe.deliverTo(webhookUrl.toString());
        stripe.resumeDeliveries();
    }

    @Test
    void aCompletedCheckoutMakesThePlanActiveAndAnActivatedServerPremium() {
        String user = snowflake();
        String guild = snowflake();
        try (var billingEvents = new DeadLetterTopic("billing.events")) {
            subscribed(user, "premium");
            var status = status(user);
            assertEquals("premium", status.getString("plan"));
            assertEquals("stripe", status.getString("source"));
            assertEquals(3, status.getInt("grants.premiumServers"));
            assertNotNull(status.getString("expiresAt"), "the paid period's end");

            given().put("/api/v1/users/{user}/premium-servers/{guild}", user, guild).then().statusCode(200)
                    .body("servers[0].guildId", equalTo(guild)).body("servers[0].status", equalTo("active"));
            var announced = billingEvents.await("\"guildId\":\"" + guild + "\"", Duration.ofSeconds(30)).orElseThrow();
            assertTrue(announced.value().contains("billing.premium-server-changed.v1") && announced.value().contains("\"status\":\"active\""),
                    announced.value());
            assertTrue(billingEvents.await("billing.subscription-changed.v1", Duration.ofSeconds(10)).isPresent());
        }
    }

    @Test
    void aFailedPaymentKeepsPremiumThroughTheGraceThenFallsBackAndARenewalBringsItBack() {
        String user = snowflake();
        String guild = snowflake();
        String subscription = subscribed(user, "basic");
        given().put("/api/v1/users/{user}/premium-servers/{guild}", user, guild).then().statusCode(200);

        stripe.failPayment(subscription, false);
        var grace = awaitStatus(user, "past_due");
        assertEquals("basic", grace.getString("plan"), "premium stays during the grace");
        assertNotNull(grace.getString("graceUntil"));
        assertEquals("active", grace.getString("servers[0].status"));

        // The test profile's grace is 3 s and the lifecycle job runs every second.
        var expired = awaitStatus(user, "expired");
        assertEquals("free", expired.getString("plan"));
        assertEquals("expired", expired.getString("servers[0].status"), "the server falls back to free, and stays allocated");

        stripe.renew(subscription);
        awaitStatus(user, "active");
        assertEquals("active", status(user).getString("servers[0].status"), "premium comes back to the same server");
    }

    /** Several replicas run the job at once (here four calls and the scheduler): the grace ends once, and is announced once. */
    @Test
    void replicasRunningTheLifecycleAtOnceExpireAGraceOnce() throws Exception {
        String user = snowflake();
        String guild = snowflake();
        String subscription = subscribed(user, "basic");
        given().put("/api/v1/users/{user}/premium-servers/{guild}", user, guild).then().statusCode(200);
        try (var billingEvents = new DeadLetterTopic("billing.events")) {
            stripe.failPayment(subscription, false);
            Instant graceUntil = Instant.parse(awaitStatus(user, "past_due").getString("graceUntil"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(graceUntil));
            try (var replicas = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                var runs = java.util.stream.IntStream.range(0, 4).mapToObj(i -> replicas.submit(
                        () -> given().post("/api/v1/billing/lifecycle").then().statusCode(200))).toList();
                for (var run : runs) {
                    run.get();
                }
            }
            awaitStatus(user, "expired");
            var expiries = billingEvents.collect("\"guildId\":\"" + guild + "\"", Duration.ofSeconds(4)).stream()
                    .filter(record -> record.value().contains("\"status\":\"expired\"")).toList();
            assertEquals(1, expiries.size(), "announced once");
        }
    }

    @Test
    void aFullRefundEndsPremiumAtOnceAndCancelsTheSubscriptionAtStripe() {
        String user = snowflake();
        String subscription = subscribed(user, "premium");
        stripe.refundLatestCharge(subscription);
        awaitStatus(user, "expired");
        await().atMost(Duration.ofSeconds(30)).until(() -> stripe.events().stream()
                .anyMatch(e -> e.type().equals("customer.subscription.deleted") && e.json().toString().contains(subscription)));
    }

    /** Stripe does not promise order or once: whatever arrives, and however often, billing ends on Stripe's current state. */
    @Test
    void eventsOutOfOrderAndTwiceEndOnTheSubscriptionsCurrentState() {
        String user = snowflake();
        int before = stripe.events().size();
        stripe.pauseDeliveries();
        String session = Premium.checkout(user, "premium");
        String subscription = stripe.completeCheckout(session).path("subscriptionId").asText();
        stripe.failPayment(subscription, false);
        stripe.cancel(subscription);
        List<StripeEvent> made = new ArrayList<>(stripe.events().subList(before, stripe.events().size()));
        assertTrue(made.size() >= 5, "checkout, invoice, subscription and cancel events were made: " + made.size());
        Collections.reverse(made);
        for (StripeEvent event : made) {
            stripe.redeliver(event.id()).join();
            stripe.redeliver(event.id()).join();
        }
        var status = awaitStatus(user, "expired");
        assertEquals("free", status.getString("plan"));
        assertEquals(made.size(), countRows("stripe_event where id in (" + ids(made) + ")"), "each event recorded once");
    }

    @Test
    void forgedStaleAndReplayedSignaturesAreRefusedAndChangeNothing() {
        String user = snowflake();
        String subscription = subscribed(user, "basic");
        // Any event still on its way would make billing read the subscription, which is cancelled below.
        await().atMost(Duration.ofSeconds(30)).until(() -> stripe.events().stream()
                .allMatch(e -> e.delivery() != StripeEvent.Delivery.PENDING && e.delivery() != StripeEvent.Delivery.RETRYING));
        stripe.pauseDeliveries();
        stripe.cancel(subscription);
        StripeEvent cancelled = stripe.events().getLast();
        byte[] body = cancelled.payload();
        long now = Instant.now().getEpochSecond();
        String before = userState(user, cancelled.id());

        post(body, WebhookSignature.header("whsec_somebody_else", now, body)).then().statusCode(400)
                .body("type", equalTo("https://riff.dev/problems/stripe-webhook/bad-signature"));
        post(body, WebhookSignature.header(StripeSimulatorResource.WEBHOOK_SECRET, now - 301, body)).then().statusCode(400);
        post(body, "t=" + now + ",v1=" + "0".repeat(64)).then().statusCode(400);
        post(body, null).then().statusCode(400).body("type", equalTo("https://riff.dev/problems/stripe-webhook/missing-signature"));
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("canceled", "active").getBytes(StandardCharsets.UTF_8);
        post(altered, WebhookSignature.header(StripeSimulatorResource.WEBHOOK_SECRET, now, body)).then().statusCode(400);
        assertEquals(before, userState(user, cancelled.id()), "refused requests changed nothing");
        assertEquals("active", status(user).getString("status"));

        String genuine = WebhookSignature.header(StripeSimulatorResource.WEBHOOK_SECRET, now, body);
        post(body, genuine).then().statusCode(200).body("outcome", equalTo("applied"));
        assertEquals("expired", status(user).getString("status"));
        String after = userState(user, cancelled.id());
        post(body, genuine).then().statusCode(400).body("type", equalTo("https://riff.dev/problems/stripe-webhook/replayed"));
        assertEquals(after, userState(user, cancelled.id()), "a replay changed nothing");
        post(body, WebhookSignature.header(StripeSimulatorResource.WEBHOOK_SECRET, now + 1, body)).then().statusCode(200)
                .body("outcome", equalTo("duplicate"));
    }

    private static io.restassured.response.Response post(byte[] body, String signature) {
        var request = given().contentType("application/json; charset=utf-8").body(body);
        if (signature != null) {
            request = request.header("Stripe-Signature", signature);
        }
        return request.post("/webhooks/stripe");
    }

    private static String ids(List<StripeEvent> events) {
        return String.join(",", events.stream().map(e -> "'" + e.id() + "'").toList());
    }

    /** The user's subscription and grants and whether the event is recorded: what a webhook could change. */
    private static String userState(String user, String eventId) {
        var pool = io.quarkus.arc.Arc.container().instance(io.vertx.mutiny.sqlclient.Pool.class).get();
        return pool.preparedQuery("select (select row_to_json(s)::text from user_subscription s where user_id = $1)"
                        + " || (select coalesce(json_agg(g order by g.id)::text, '') from payment_grant g where user_id = $1)"
                        + " || (select count(*)::text from stripe_event where id = $2)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(user, eventId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
    }

    private static long countRows(String from) {
        var pool = io.quarkus.arc.Arc.container().instance(io.vertx.mutiny.sqlclient.Pool.class).get();
        return pool.query("select count(*) from " + from).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
