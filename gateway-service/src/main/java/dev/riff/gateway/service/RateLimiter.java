package dev.riff.gateway.service;

import dev.riff.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fixed-window command limits per member and per guild, counted in Redis so every gateway pod
 * shares them.
 */
@ApplicationScoped
public class RateLimiter {

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    RateLimiter(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Counts the command and tells whether both the member and the guild are within their limits. */
    public Uni<Boolean> tryAcquire(String userId, String guildId) {
        long window = System.currentTimeMillis() / config.rateLimitWindow().toMillis();
        return Uni.combine().all()
                .unis(count("riff:ratelimit:user:" + userId + ":" + window), count("riff:ratelimit:guild:" + guildId + ":" + window))
                .asTuple()
                .map(counts -> counts.getItem1() <= config.userCommandsPerWindow() && counts.getItem2() <= config.guildCommandsPerWindow());
    }

    private Uni<Long> count(String key) {
        return redis.value(Long.class).incr(key)
                .call(() -> redis.key().pexpire(key, config.rateLimitWindow().multipliedBy(2)));
    }
}
