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

    /**
     * Largest event (its CloudEvent JSON, in bytes) a change may make. Kafka refuses records over about
     * 1 MiB by default; a change whose event would be larger is refused with 413 and nothing is stored.
     * Default {@code 900000}.
     */
    @WithDefault("900000")
    int maxEventBytes();

    /** Longest pause between retries while Kafka or PostgreSQL is unavailable. Default {@code 5s}. */
    @WithDefault("5s")
    Duration maxBackoff();
}
