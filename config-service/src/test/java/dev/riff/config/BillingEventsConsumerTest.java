package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.GuildEntitlement;
import dev.riff.support.messaging.UnreadableRecordException;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * The billing consumer's rules without a broker: records go in through SmallRye's in-memory
 * connector, and what the consumer acknowledges, refuses and stores (real PostgreSQL) is checked.
 * The Kafka path, dead-letter topic included, is EntitlementTest's.
 */
@QuarkusTest
@TestProfile(BillingEventsConsumerTest.InMemoryBilling.class)
class BillingEventsConsumerTest {

    public static class InMemoryBilling implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(InMemoryChannel.class));
        }
    }

    public static class InMemoryChannel implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return InMemoryConnector.switchIncomingChannelsToInMemory("billing-events");
        }

        @Override
        public void stop() {
            InMemoryConnector.clear();
        }
    }

    @Inject
    @Any
    InMemoryConnector connector;

    @Test
    void aChangeIsAppliedBeforeItIsAcknowledged() throws Exception {
        String guild = Ids.snowflake();
        deliver(change(guild, "premium", "active", Instant.now())).get(30, TimeUnit.SECONDS);
        effective(guild).body("values.subscriptionTier", equalTo("premium"));
    }

    @Test
    void anOlderOrRepeatedChangeIsAcknowledgedAndChangesNothing() throws Exception {
        String guild = Ids.snowflake();
        Instant first = Instant.now().minus(1, ChronoUnit.MINUTES);
        CloudEvent premium = change(guild, "premium", "active", first);
        deliver(premium).get(30, TimeUnit.SECONDS);
        deliver(change(guild, "premium", "cancelled", first.plusSeconds(30))).get(30, TimeUnit.SECONDS);
        effective(guild).body("values.subscriptionTier", equalTo("free"));

        deliver(premium).get(30, TimeUnit.SECONDS);
        deliver(change(guild, "premium", "active", first.minusSeconds(30))).get(30, TimeUnit.SECONDS);
        effective(guild).body("values.subscriptionTier", equalTo("free"));
    }

    @Test
    void anUnreadableRecordIsRefusedAndTheNextIsApplied() throws Exception {
        String guild = Ids.snowflake();
        CompletableFuture<Void> unreadable = deliver("{\"specversion\": \"1.0\", \"id\": ");
        var refusal = unreadable.handle((done, failure) -> failure).get(30, TimeUnit.SECONDS);
        assertInstanceOf(UnreadableRecordException.class, refusal);

        CloudEvent withoutTier = change(guild, null, "active", Instant.now());
        var missing = deliver(withoutTier).handle((done, failure) -> failure).get(30, TimeUnit.SECONDS);
        assertInstanceOf(UnreadableRecordException.class, missing);

        deliver(change(guild, "premium", "active", Instant.now())).get(30, TimeUnit.SECONDS);
        effective(guild).body("values.subscriptionTier", equalTo("premium"));
    }

    private CompletableFuture<Void> deliver(CloudEvent event) {
        return deliver(CloudEventCodec.write(event));
    }

    /** Sends the record; the future completes when the consumer acknowledges it and fails when it refuses it. */
    private CompletableFuture<Void> deliver(String record) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        connector.<Object>source("billing-events").send(Message.of(record,
                () -> {
                    outcome.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    outcome.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return outcome;
    }

    private static CloudEvent change(String guild, String tier, String status, Instant changedAt) {
        return CloudEvent.create(EventTypes.PREMIUM_SERVER_CHANGED, "/billing-service", guild, guild,
                CloudEventCodec.mapper().valueToTree(new GuildEntitlement(guild, tier, status, null, changedAt)));
    }

    private static ValidatableResponse effective(String guild) {
        return given().get("/api/v1/guilds/" + guild + "/effective-configuration").then().statusCode(200);
    }
}
