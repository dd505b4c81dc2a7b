package dev.riff.webhook.service;

import dev.riff.webhook.config.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** When the next attempt of a message is due, if there is one. */
@ApplicationScoped
public class RetrySchedule {

    private final List<Duration> waits;
    private final double jitter;

    @jakarta.inject.Inject
    RetrySchedule(WebhookConfig config) {
        this(config.retrySchedule(), config.jitter());
    }

    public RetrySchedule(List<Duration> waits, double jitter) {
        this.waits = List.copyOf(waits);
        this.jitter = jitter;
    }

    /** Attempts a message gets in all: the immediate one and one per wait. */
    public int attempts() {
        return waits.size() + 1;
    }

    /** What an endpoint's Retry-After asks for, but never more than the schedule's longest wait; zero when it asked nothing. */
    private Duration asked(Duration retryAfter) {
        Duration longest = waits.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        return retryAfter == null ? Duration.ZERO : retryAfter.compareTo(longest) > 0 ? longest : retryAfter;
    }

    /**
     * How long an endpoint that did not take an attempt (no answer, 429 or 5xx) is left alone before
     * the next of its messages is tried: the schedule's first wait, or longer when it asked.
     */
    public Duration endpointRest(Duration retryAfter) {
        Duration first = waits.isEmpty() ? Duration.ZERO : waits.get(0);
        Duration asked = asked(retryAfter);
        return asked.compareTo(first) > 0 ? asked : first;
    }

    /**
     * The wait after {@code attemptsMade} attempts; empty when none is left. The endpoint's
     * Retry-After (429, 503) is honoured when it asks for longer than the schedule.
     */
    public Optional<Duration> after(int attemptsMade, Duration retryAfter) {
        if (attemptsMade >= attempts()) {
            return Optional.empty();
        }
        Duration wait = waits.get(attemptsMade - 1);
        long millis = wait.toMillis();
        long spread = (long) (millis * jitter);
        long jittered = spread == 0 ? millis : millis + ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        Duration scheduled = Duration.ofMillis(Math.max(0, jittered));
        Duration asked = asked(retryAfter);
        return Optional.of(asked.compareTo(scheduled) > 0 ? asked : scheduled);
    }
}
