package dev.riff.billing;

import static dev.riff.billing.Premium.awaitStatus;
import static dev.riff.billing.Premium.snowflake;
import static dev.riff.billing.Premium.status;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.DiscordEntitlementChanged;
import dev.riff.contracts.EventTypes;
import dev.riff.support.testing.DeadLetterTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Discord's premium apps: an entitlement to a plan's SKU grants what a Stripe subscription does, and its end takes it back. */
@QuarkusTest
@QuarkusTestResource(value = StripeSimulatorResource.class, restrictToAnnotatedClass = false)
class DiscordEntitlementTest {

    static String sku(String plan) {
        return ConfigProvider.getConfig().getValue("riff.billing.plans." + plan + ".discord-sku", String.class);
    }

    @Test
    void aUserEntitlementGrantsThePlanAndItsDeletionTakesItBack() {
        String user = snowflake();
        String guild = snowflake();
        String entitlement = snowflake();
        Instant ends = Instant.now().plus(30, ChronoUnit.DAYS);
        send(new DiscordEntitlementChanged(entitlement, sku("premium"), user, null, 8, false, Instant.now(), ends, false, "created"));
        var active = awaitStatus(user, "active");
        assertEquals("premium", active.getString("plan"));
        assertEquals("discord", active.getString("source"));
        given().put("/api/v1/users/{user}/premium-servers/{guild}", user, guild).then().statusCode(200);

        // The same event again, and Discord's delete: the second changes it, the first nothing.
        send(new DiscordEntitlementChanged(entitlement, sku("premium"), user, null, 8, false, Instant.now(), ends, false, "created"));
        send(new DiscordEntitlementChanged(entitlement, sku("premium"), user, null, 8, true, Instant.now(), ends, false, "deleted"));
        var ended = awaitStatus(user, "expired");
        assertEquals("free", ended.getString("plan"));
        assertEquals("expired", ended.getString("servers[0].status"));
    }

    @Test
    void aGuildEntitlementGivesItsGuildPremiumDirectly() {
        String buyer = snowflake();
        String guild = snowflake();
        try (var billingEvents = new DeadLetterTopic("billing.events")) {
            String guildSku = ConfigProvider.getConfig().getValue("riff.billing.plans.basic.discord-guild-sku", String.class);
            send(new DiscordEntitlementChanged(snowflake(), guildSku, buyer, guild, 8, false, Instant.now(), null, false, "created"));
            var announced = billingEvents.await("\"guildId\":\"" + guild + "\"", Duration.ofSeconds(30)).orElseThrow();
            assertTrue(announced.value().contains("\"status\":\"active\""), announced.value());
        }
    }

    @Test
    void anEntitlementToAnotherSkuGrantsNothingAndAMalformedOneIsSetAside() {
        String user = snowflake();
        try (var deadLetters = new DeadLetterTopic("billing.dead-letter")) {
            send(new DiscordEntitlementChanged(snowflake(), snowflake(), user, null, 8, false, Instant.now(), null, false, "created"));
            String marker = UUID.randomUUID().toString();
            send(new DiscordEntitlementChanged("not-an-id-" + marker, sku("premium"), user, null, 8, false, Instant.now(), null, false, "created"));
            assertTrue(deadLetters.await(marker, Duration.ofSeconds(30)).isPresent());
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> "free".equals(status(user).getString("plan")));
    }

    private static void send(DiscordEntitlementChanged entitlement) {
        String key = entitlement.userId() != null ? entitlement.userId() : entitlement.guildId();
        CloudEvent event = CloudEvent.create(EventTypes.DISCORD_ENTITLEMENT_CHANGED, "/gateway-service", entitlement.entitlementId(), key,
                CloudEventCodec.mapper().valueToTree(entitlement));
        DeadLetterTopic.send(EventTypes.DISCORD_ENTITLEMENT_CHANGED.topic().topicName(), key, CloudEventCodec.write(event));
    }
}
