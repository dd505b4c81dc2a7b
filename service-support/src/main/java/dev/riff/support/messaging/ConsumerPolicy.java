package dev.riff.support.messaging;

import dev.riff.contracts.CloudEvent;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * What one Kafka consumer does with a record it cannot handle, declared once per consumer.
 *
 * <p>A record that cannot be read is set aside at once. A failure to handle one is retried in place
 * with backoff, so the partition's order holds, and the record is set aside after the last try, or
 * at once when the failure is final (retrying cannot change the answer). Set aside means the
 * channel's dead-letter topic ({@code failure-strategy=dead-letter-queue}, checked for every channel
 * by the boot contract), with a log line and {@code riff_kafka_records_set_aside_total}: nothing is
 * dropped, and the channel never stops.
 */
public record ConsumerPolicy(String channel, int attempts, Duration firstBackoff, Duration maxBackoff,
        Predicate<Throwable> finalFailure) {

    private static final Logger LOG = Logger.getLogger(ConsumerPolicy.class);

    public ConsumerPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("a consumer tries a record at least once");
        }
    }

    /** Tries each record up to {@code attempts} times, waiting 200 ms doubling to 5 s between tries. */
    public static ConsumerPolicy retrying(String channel, int attempts) {
        return new ConsumerPolicy(channel, attempts, Duration.ofMillis(200), Duration.ofSeconds(5), failure -> false);
    }

    /** The same policy, with failures that {@code isFinal} names set aside without retrying. */
    public ConsumerPolicy finalWhen(Predicate<Throwable> isFinal) {
        return new ConsumerPolicy(channel, attempts, firstBackoff, maxBackoff, isFinal);
    }

    /**
     * Reads the record and hands the event to {@code handler}; the returned Uni fails only when the
     * record is to be set aside. A handler may throw {@link UnreadableRecordException} (through
     * {@link CloudEventReader}) when the event's data is not what it needs.
     */
    public Uni<Void> consume(String record, Function<CloudEvent, Uni<Void>> handler) {
        CloudEvent event;
        try {
            event = CloudEventReader.event(record);
        } catch (UnreadableRecordException unreadable) {
            return setAside("unreadable", "a record that is not a CloudEvent (" + unreadable.getMessage() + ")", unreadable);
        }
        String what = event.type() + " " + event.id();
        Uni<Void> handled = Uni.createFrom().deferred(() -> handler.apply(event));
        if (attempts > 1) {
            handled = handled.onFailure(failure -> !(failure instanceof UnreadableRecordException) && !finalFailure.test(failure))
                    .invoke(failure -> LOG.warnf("%s: handling %s failed, retrying: %s", channel, what, failure.toString()))
                    .onFailure(failure -> !(failure instanceof UnreadableRecordException) && !finalFailure.test(failure))
                    .retry().withBackOff(firstBackoff, maxBackoff).atMost(attempts - 1L);
        }
        return handled.onFailure().recoverWithUni(failure -> failure instanceof UnreadableRecordException
                ? setAside("unreadable", what + " (" + failure.getMessage() + ")", failure)
                : setAside("failed", what + " after " + (finalFailure.test(failure) ? "a final failure" : attempts + " tries")
                        + " (" + failure + ")", failure));
    }

    private Uni<Void> setAside(String reason, String what, Throwable cause) {
        LOG.errorf("%s: set aside to the dead-letter topic: %s", channel, what);
        Metrics.counter("riff.kafka.records.set.aside", "channel", channel, "reason", reason).increment();
        return Uni.createFrom().failure(cause);
    }
}
