package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.config.service.EntitlementService;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.GuildEntitlement;
import dev.riff.support.reactive.OnVertxContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EntitlementTest {

    /** Everything the free tier caps, set on the server. */
    private static final String PREMIUM_SETTINGS = "{\"spotifyEnabled\": true, \"appleMusicEnabled\": true, \"deezerEnabled\": true,"
            + " \"advancedSearchEnabled\": true, \"lyricsEnabled\": true, \"sponsorBlockEnabled\": true, \"persistentConnection\": true,"
            + " \"maxQueueSize\": 500, \"maxAudioQuality\": \"lossless\", \"volumeLimit\": 150}";

    @Inject
    EntitlementService entitlements;

    @Inject
    OnVertxContext vertx;

    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    @Test
    void freeUntilBillingSaysOtherwiseThenPremiumFromABillingEvent() {
        String guild = Ids.snowflake();
        patchServer(guild, PREMIUM_SETTINGS);

        effective(guild)
                .body("values.subscriptionTier", equalTo("free")).body("sources.subscriptionTier", equalTo("default"))
                .body("values.spotifyEnabled", equalTo(false)).body("sources.spotifyEnabled", equalTo("entitlement"))
                .body("values.appleMusicEnabled", equalTo(false)).body("values.deezerEnabled", equalTo(false))
                .body("values.advancedSearchEnabled", equalTo(false)).body("values.lyricsEnabled", equalTo(false))
                .body("values.sponsorBlockEnabled", equalTo(false)).body("values.persistentConnection", equalTo(false))
                .body("sources.persistentConnection", equalTo("entitlement"))
                .body("values.maxQueueSize", equalTo(100)).body("sources.maxQueueSize", equalTo("entitlement"))
                .body("values.maxAudioQuality", equalTo("standard")).body("sources.maxAudioQuality", equalTo("entitlement"))
                .body("values.volumeLimit", equalTo(150)).body("sources.volumeLimit", equalTo("server"));

        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        CloudEvent event = CloudEvent.create(EventTypes.PREMIUM_SERVER_CHANGED, "/billing-service", guild, guild,
                CloudEventCodec.mapper().valueToTree(new GuildEntitlement(guild, "premium", "active", expires, Instant.now())));
        KafkaTopics.send("billing.events", guild, CloudEventCodec.write(event));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> effective(guild)
                .body("values.subscriptionTier", equalTo("premium")).body("sources.subscriptionTier", equalTo("entitlement")));
        effective(guild)
                .body("values.subscriptionExpiresAt", equalTo(expires.toString()))
                .body("values.spotifyEnabled", equalTo(true)).body("sources.spotifyEnabled", equalTo("server"))
                .body("values.maxQueueSize", equalTo(500)).body("values.maxAudioQuality", equalTo("lossless"));

        var announced = KafkaTopics.awaitConfigEvent(guild, r -> r.value().contains(EventTypes.ENTITLEMENT_CHANGED.name()));
        assertEquals("premium", CloudEventCodec.read(announced.value()).data().get("tier").asText());
    }

    /**
     * A record that is not a CloudEvent and a premium change without its tier are set aside on
     * config.dead-letter; the guild's next change behind them is applied.
     */
    @Test
    void unreadableBillingRecordsAreSetAsideAndTheNextChangeIsApplied() {
        String guild = Ids.snowflake();
        try (var deadLetters = new dev.riff.support.testing.DeadLetterTopic("config.dead-letter")) {
            String notAnEvent = "not json " + UUID.randomUUID();
            dev.riff.support.testing.DeadLetterTopic.send("billing.events", guild, notAnEvent);
            CloudEvent withoutTier = CloudEvent.create(EventTypes.PREMIUM_SERVER_CHANGED, "/billing-service", guild, guild,
                    CloudEventCodec.mapper().createObjectNode().put("guildId", guild).put("status", "active"));
            dev.riff.support.testing.DeadLetterTopic.send("billing.events", guild, CloudEventCodec.write(withoutTier));
            CloudEvent good = CloudEvent.create(EventTypes.PREMIUM_SERVER_CHANGED, "/billing-service", guild, guild,
                    CloudEventCodec.mapper().valueToTree(new GuildEntitlement(guild, "premium", "active",
                            Instant.now().plus(30, ChronoUnit.DAYS), Instant.now())));
            dev.riff.support.testing.DeadLetterTopic.send("billing.events", guild, CloudEventCodec.write(good));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> effective(guild).body("values.subscriptionTier", equalTo("premium")));
            assertTrue(deadLetters.await(notAnEvent, Duration.ofSeconds(30)).isPresent(), "the record that is not JSON was set aside");
            assertTrue(deadLetters.await(withoutTier.id(), Duration.ofSeconds(30)).isPresent(), "the change without a tier was set aside");
        }
    }

    @Test
    void expiryFallsBackToFreeWithoutTouchingTheStoredSettingsAndRenewalRestoresThem() {
        String guild = Ids.snowflake();
        patchServer(guild, PREMIUM_SETTINGS);
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS);

        assertTrue(apply(guild, "premium", "active", t.plus(30, ChronoUnit.DAYS), t));
        effective(guild).body("values.lyricsEnabled", equalTo(true)).body("values.maxQueueSize", equalTo(500));

        // The paid period ended (expiresAt in the past): free, without an event saying so.
        assertTrue(apply(guild, "premium", "active", t.minus(1, ChronoUnit.MINUTES), t.plusSeconds(1)));
        effective(guild).body("values.subscriptionTier", equalTo("free")).body("values.subscriptionExpiresAt", nullValue())
                .body("values.lyricsEnabled", equalTo(false)).body("sources.lyricsEnabled", equalTo("entitlement"))
                .body("values.maxQueueSize", equalTo(100));
        given().get("/api/v1/guilds/" + guild + "/server-configuration").then().statusCode(200)
                .body("lyricsEnabled", equalTo(true)).body("maxQueueSize", equalTo(500)).body("maxAudioQuality", equalTo("lossless"))
                .body("version", equalTo(1));

        assertTrue(apply(guild, "premium", "active", t.plus(60, ChronoUnit.DAYS), t.plusSeconds(2)));
        effective(guild).body("values.subscriptionTier", equalTo("premium"))
                .body("values.lyricsEnabled", equalTo(true)).body("sources.lyricsEnabled", equalTo("server"))
                .body("values.maxQueueSize", equalTo(500)).body("values.maxAudioQuality", equalTo("lossless"));

        // Billing ends it explicitly.
        assertTrue(apply(guild, "premium", "cancelled", t.plus(60, ChronoUnit.DAYS), t.plusSeconds(3)));
        effective(guild).body("values.subscriptionTier", equalTo("free")).body("values.spotifyEnabled", equalTo(false));
        assertTrue(apply(guild, "premium", "expired", null, t.plusSeconds(4)));
        effective(guild).body("values.subscriptionTier", equalTo("free"));
    }

    @Test
    void staleAndRepeatedChangesAreIgnored() {
        String guild = Ids.snowflake();
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS);
        assertTrue(apply(guild, "premium", "active", null, t));
        assertFalse(apply(guild, "premium", "active", null, t), "the same change again (a redelivery) is not applied twice");
        assertFalse(apply(guild, "free", "cancelled", null, t.minusSeconds(1)), "an older change never undoes a newer one");
        effective(guild).body("values.subscriptionTier", equalTo("premium"));
        assertTrue(apply(guild, "free", "active", null, t.plusSeconds(1)));
        effective(guild).body("values.subscriptionTier", equalTo("free"));
    }

    @Test
    void anEntitlementRunningOutWhileCachedIsNotServedPastItsEnd() {
        String guild = Ids.snowflake();
        patchServer(guild, "{\"lyricsEnabled\": true}");
        Instant ends = Instant.now().plusSeconds(5);
        assertTrue(apply(guild, "premium", "active", ends, Instant.now()));
        effective(guild).body("values.lyricsEnabled", equalTo(true));
        // The guarantee is the cached entry's lifetime, bounded by the entitlement's end; when a busy machine gets there is not.
        // (The service's own config event may drop the entry just after it is cached: read again until it is there.)
        long[] lifetimes = new long[2];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            effective(guild).body("values.lyricsEnabled", equalTo(true));
            lifetimes[0] = Duration.between(Instant.now(), ends).toMillis();
            try {
                lifetimes[1] = redis.key().pttl(dev.riff.config.service.EffectiveConfigurationCache.hashKey(guild));
                return true;
            } catch (io.quarkus.redis.datasource.keys.RedisKeyNotFoundException dropped) {
                return false;
            }
        });
        assertTrue(lifetimes[1] > 0 && lifetimes[1] <= lifetimes[0] + 1, "cached for " + lifetimes[1] + " ms, the entitlement ends in " + lifetimes[0]);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> effective(guild).body("values.lyricsEnabled", equalTo(false)));
        assertFalse(Instant.now().isBefore(ends), "not before the entitlement ended");
    }

    private boolean apply(String guild, String tier, String status, Instant expiresAt, Instant changedAt) {
        return vertx.run(() -> entitlements.apply(UUID.randomUUID().toString(), new GuildEntitlement(guild, tier, status, expiresAt, changedAt)))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static void patchServer(String guild, String json) {
        given().contentType("application/json").body(json).patch("/api/v1/guilds/" + guild + "/server-configuration").then().statusCode(200);
    }

    private static ValidatableResponse effective(String guild) {
        return given().get("/api/v1/guilds/" + guild + "/effective-configuration").then().statusCode(200);
    }
}
