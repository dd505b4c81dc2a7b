package dev.riff.gateway.client;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Discord allows one IDENTIFY per 5 seconds in each max-concurrency bucket, across every process of
 * the bot. A bucket's lock is a Redis key that expires 5 s after it was taken: whoever takes it may
 * identify, and the next identify in that bucket, from any pod, waits for it to expire.
 */
@ApplicationScoped
public class IdentifyLock {

    static final Duration SPACING = Duration.ofMillis(5_250);

    private final RedisDataSource redis;
    private final String owner = UUID.randomUUID().toString();

    IdentifyLock(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Blocking (a Redis round trip): call it from the session controller's own thread. */
    public boolean tryAcquire(int bucket) {
        var reply = redis.execute("SET", "riff:discord:identify:" + bucket, owner, "NX", "PX", Long.toString(SPACING.toMillis()));
        return reply != null && "OK".equals(reply.toString());
    }
}
