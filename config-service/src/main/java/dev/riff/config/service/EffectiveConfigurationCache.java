package dev.riff.config.service;

import dev.riff.config.service.EffectiveConfigurationService.Effective;
import dev.riff.contracts.CloudEventCodec;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Effective configurations in Redis: one hash per guild ({@code riff:config:effective:<guild>}, a
 * field per channel), dropped whole after every committed change of the guild. Staleness is bounded
 * twice: the writer drops the hash before it answers, and the hash lives at most {@code riff.config.cache-ttl}
 * (and never past the moment an entitlement expires) should a drop be lost.
 *
 * <p>A reader that computed from the database just before a change committed must not store its old
 * answer after the writer's drop: each drop bumps the guild's generation, and a store only happens
 * when the generation is still the one the reader saw before it read the database.
 */
@ApplicationScoped
public class EffectiveConfigurationCache {

    private static final Logger LOG = Logger.getLogger(EffectiveConfigurationCache.class);

    /** KEYS: hash, generation. ARGV: generation seen, field, value, expiry (Unix ms). */
    private static final String STORE_IF_CURRENT = """
            if (redis.call('GET', KEYS[2]) or '') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            redis.call('PEXPIREAT', KEYS[1], ARGV[4], 'NX')
            redis.call('PEXPIREAT', KEYS[1], ARGV[4], 'LT')
            return 1""";
    /** KEYS: hash, generation. The generation outlives any entry stored under an older one. */
    private static final String DROP = """
            redis.call('INCR', KEYS[2])
            redis.call('EXPIRE', KEYS[2], 86400)
            return redis.call('DEL', KEYS[1])""";

    private final ReactiveRedisDataSource redis;
    private final Duration ttl;

    EffectiveConfigurationCache(ReactiveRedisDataSource redis, @ConfigProperty(name = "riff.config.cache-ttl") Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * The cached configuration as JSON (served as it is, not parsed again), or {@code compute}'s answer,
     * stored. With Redis down every read computes.
     */
    public Uni<String> get(String guildId, String channelId, Supplier<Uni<Effective>> compute) {
        return redis.hash(String.class).hget(hashKey(guildId), field(channelId))
                .onFailure().invoke(e -> LOG.warnf("effective configuration cache unreadable: %s", e.toString()))
                .onFailure().recoverWithNull()
                .chain(cached -> cached != null ? Uni.createFrom().item(cached) : computeAndStore(guildId, channelId, compute));
    }

    /** Drops the guild's cached configurations; a failure is logged, and the TTL still bounds staleness. */
    public Uni<Void> invalidate(String guildId) {
        return redis.execute("EVAL", DROP, "2", hashKey(guildId), generationKey(guildId)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("could not drop cached configuration of guild %s: %s", guildId, e.toString()))
                .onFailure().recoverWithNull();
    }

    public static String hashKey(String guildId) {
        return "riff:config:effective:" + guildId;
    }

    private static String generationKey(String guildId) {
        return "riff:config:effective-generation:" + guildId;
    }

    private static String field(String channelId) {
        return channelId == null ? "-" : channelId;
    }

    private Uni<String> computeAndStore(String guildId, String channelId, Supplier<Uni<Effective>> compute) {
        return redis.value(String.class).get(generationKey(guildId)).onFailure().recoverWithNull()
                .chain(generation -> compute.get().chain(fresh -> {
                    String json = CloudEventCodec.mapper().valueToTree(fresh).toString();
                    Instant expiry = expiry(fresh);
                    if (!expiry.isAfter(Instant.now())) {
                        return Uni.createFrom().item(json);
                    }
                    return redis.execute("EVAL", STORE_IF_CURRENT, "2", hashKey(guildId), generationKey(guildId),
                                    generation == null ? "" : generation, field(channelId), json, Long.toString(expiry.toEpochMilli()))
                            .replaceWithVoid()
                            .onFailure().invoke(e -> LOG.warnf("could not cache configuration of guild %s: %s", guildId, e.toString()))
                            .onFailure().recoverWithNull()
                            .replaceWith(json);
                }));
    }

    /**
     * When the entry goes: after the TTL, or at the moment the guild's entitlement runs out if that is
     * sooner (its caps change then without an event). Absolute, so the time spent storing it cannot
     * carry the entry past that moment.
     */
    private Instant expiry(Effective effective) {
        Instant afterTtl = Instant.now().plus(ttl);
        Instant end = effective.entitlementEndsAt();
        return end != null && end.isBefore(afterTtl) ? end : afterTtl;
    }
}
