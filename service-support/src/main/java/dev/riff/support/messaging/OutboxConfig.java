package dev.riff.support.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "riff.outbox")
public interface OutboxConfig {

    /** Whether this process relays its outbox to Kafka. Default {@code true}. */
    @WithDefault("true")
    boolean relayEnabled();

    /** Most events read and published per relay round. Default {@code 256}. */
    @WithDefault("256")
    int batchSize();

    /** Longest wait for a commit notification before looking at the outbox anyway. Default {@code 1s}. */
    @WithDefault("1s")
    Duration idlePoll();

    /** Longest wait for Kafka to acknowledge a round before it is retried. Default {@code 15s}. */
    @WithDefault("15s")
    Duration sendTimeout();

    /** Longest pause between retries while Kafka or PostgreSQL is unavailable. Default {@code 5s}. */
    @WithDefault("5s")
    Duration maxBackoff();
}
