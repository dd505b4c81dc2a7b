package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.config.service.EffectiveConfigurationCache;
import dev.riff.config.service.EffectiveConfigurationService.Effective;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The staleness bound of the Redis cache: a read after a change's answer sees the change; a change
 * whose invalidation was lost is served stale for at most the TTL; a config.events record drops the guild;
 * a read that raced a change cannot cache its older answer.
 */
@QuarkusTest
class EffectiveConfigurationCacheTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Inject
    EffectiveConfigurationCache cache;

    @Test
    void aReadRightAfterAChangeSeesIt() {
        String guild = Ids.snowflake();
        String channel = Ids.snowflake();
        effective(guild, null).body("values.volumeLimit", equalTo(100));
        effective(guild, channel).body("values.volumeLimit", equalTo(100));
        assertNotNull(cached(guild, "-"), "the guild's configuration is served from Redis now");

        given().contentType("application/json").body("{\"volumeLimit\": 70}")
                .patch("/api/v1/guilds/" + guild + "/server-configuration").then().statusCode(200);
        effective(guild, null).body("values.volumeLimit", equalTo(70)).body("sources.volumeLimit", equalTo("server"));
        effective(guild, channel).body("values.volumeLimit", equalTo(70));

        given().contentType("application/json").body("{\"volumeLimit\": 20}")
                .patch("/api/v1/guilds/" + guild + "/channels/" + channel + "/configuration").then().statusCode(200);
        effective(guild, channel).body("values.volumeLimit", equalTo(20)).body("sources.volumeLimit", equalTo("channel"));
    }

    @Test
    void aLostInvalidationIsServedStaleForAtMostTheTtl() throws Exception {
        String guild = Ids.snowflake();
        effective(guild, null).body("values.volumeLimit", equalTo(100));
        long ttlMs = redis.key().pttl(EffectiveConfigurationCache.hashKey(guild));
        assertTrue(ttlMs > 0 && ttlMs <= cache.ttl().toMillis(), "Redis drops the entry within the TTL: " + ttlMs + " ms");

        setVolumeLimitBehindTheServicesBack(guild, 33);
        effective(guild, null).body("values.volumeLimit", equalTo(100)); // stale: nobody invalidated
        // The bound is the entry's TTL, asserted above; the wait only has to outlast it on a busy machine.
        await().atMost(cache.ttl().plusSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> effective(guild, null).body("values.volumeLimit", equalTo(33)));
    }

    /** A record that is not a CloudEvent, ahead of the guild's event, is set aside; the event still drops the guild. */
    @Test
    void aConfigEventDropsTheGuildsCachedConfigurations() throws Exception {
        String guild = Ids.snowflake();
        effective(guild, null).body("values.volumeLimit", equalTo(100));
        String before = redis.value(String.class).get("riff:config:effective-generation:" + guild);

        try (var deadLetters = new dev.riff.support.testing.DeadLetterTopic("config.dead-letter")) {
            String malformed = "{\"not\": \"a CloudEvent\", \"marker\": \"" + UUID.randomUUID() + "\"}";
            dev.riff.support.testing.DeadLetterTopic.send("config.events", guild, malformed);
            CloudEvent event = CloudEvent.create(EventTypes.SERVER_CONFIGURATION_CHANGED, "/config-service", guild, guild,
                    CloudEventCodec.mapper().createObjectNode().put("guildId", guild));
            KafkaTopics.send("config.events", guild, CloudEventCodec.write(event));
            org.junit.jupiter.api.Assertions.assertTrue(deadLetters.await(malformed, Duration.ofSeconds(30)).isPresent(),
                    "the malformed record was set aside on config.dead-letter");
        }

        // The generation moves only on a drop, never by expiry: so this is the consumer's doing.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String now = redis.value(String.class).get("riff:config:effective-generation:" + guild);
            return now != null && !now.equals(before);
        });
    }

    @Test
    void aReaderThatRacedAChangeDoesNotStoreItsOlderAnswer() {
        String guild = Ids.snowflake();
        Effective computed = new Effective(guild, null, Map.of(), Map.of(), null);
        // The writer drops the guild while this reader is still computing from the database.
        cache.get(guild, null, () -> cache.invalidate(guild).replaceWith(computed)).await().atMost(Duration.ofSeconds(10));
        assertNull(cached(guild, "-"), "an answer computed before the change must not be cached after it");

        cache.get(guild, null, () -> Uni.createFrom().item(computed)).await().atMost(Duration.ofSeconds(10));
        assertNotNull(cached(guild, "-"), "without a change meanwhile the answer is cached");
    }

    private String cached(String guild, String field) {
        return redis.hash(String.class).hget(EffectiveConfigurationCache.hashKey(guild), field);
    }

    private void setVolumeLimitBehindTheServicesBack(String guild, int volumeLimit) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("update server_configuration set volume_limit = ?, version = version + 1 where guild_id = ?")) {
            update.setInt(1, volumeLimit);
            update.setString(2, guild);
            assertTrue(update.executeUpdate() == 1);
        }
    }

    private static ValidatableResponse effective(String guild, String channel) {
        var request = given();
        if (channel != null) {
            request.queryParam("channel", channel);
        }
        return request.get("/api/v1/guilds/" + guild + "/effective-configuration").then().statusCode(200);
    }
}
