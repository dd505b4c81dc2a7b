package dev.riff.devkit.stripe;

import java.time.Duration;
import java.util.List;

/**
 * How webhook deliveries are retried. Stripe retries for up to three days with an exponential
 * backoff; tests need the same behaviour in seconds, so the schedule is configurable. An attempt
 * fails on a non-2xx answer, a connection error, or no answer within {@code timeout}.
 *
 * @param retryBackoff the wait before each retry; its size is the number of retries
 */
public record DeliveryPolicy(List<Duration> retryBackoff, Duration timeout) {

    /** 0.5 s doubling to 30 s, twelve attempts in all (about three minutes), 10 s per attempt. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(List.of(
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)), Duration.ofSeconds(10));

    public DeliveryPolicy {
        retryBackoff = List.copyOf(retryBackoff);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the delivery timeout must be positive");
        }
    }

    public int maxAttempts() {
        return retryBackoff.size() + 1;
    }
}
