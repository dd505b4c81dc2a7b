package dev.riff.gateway.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How long members wait for the bot's first answer: from the interaction's creation (its snowflake's
 * time, so Discord's delivery counts) to Discord confirming the acknowledgement. Discord drops an
 * interaction not acknowledged within 3 s; the alert on this histogram fires well before that.
 */
@ApplicationScoped
public class AcknowledgementLatency {

    private final Timer deferred;
    private final Timer answered;

    AcknowledgementLatency(MeterRegistry registry) {
        this.deferred = timer(registry, "deferred");
        this.answered = timer(registry, "answered");
    }

    private static Timer timer(MeterRegistry registry, String how) {
        return Timer.builder("riff.gateway.interaction.ack").tag("how", how).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
    }

    /** A deferral ("thinking…") confirmed: the command goes on. */
    public void deferred(OffsetDateTime created) {
        deferred.record(Duration.between(created.toInstant(), Instant.now()));
    }

    /** An answer in the acknowledgement itself (a refusal, or a reply that needed no work). */
    public void answered(OffsetDateTime created) {
        answered.record(Duration.between(created.toInstant(), Instant.now()));
    }
}
