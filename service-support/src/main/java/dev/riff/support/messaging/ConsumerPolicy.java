package dev.riff.support.messaging;

import dev.riff.contracts.CloudEvent;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        return tried(() -> handler.apply(event), "handling " + what).onFailure().recoverWithUni(failure ->
                failure instanceof UnreadableRecordException
                        ? setAside("unreadable", what + " (" + failure.getMessage() + ")", failure)
                        : setAside("failed", what + " after " + (finalFailure.test(failure) ? "a final failure" : attempts + " tries")
                                + " (" + failure + ")", failure));
    }

    /**
     * The same for a consumer of whole polls (one transaction per batch): each record that cannot be
     * read, or that {@code refusal} names a reason for, is set aside on its own at once; the events of
     * the rest go to {@code handler} together, retried as one with backoff, and after the last try each
     * of them is set aside. Every record of the batch is acknowledged or set aside exactly once.
     */
    public Uni<Void> consumeBatch(KafkaRecordBatch<String, String> batch, Function<CloudEvent, Optional<String>> refusal,
            Function<List<CloudEvent>, Uni<Void>> handler) {
        List<KafkaRecord<String, String>> readable = new ArrayList<>();
        List<CloudEvent> events = new ArrayList<>();
        Uni<Void> unreadable = Uni.createFrom().voidItem();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                CloudEvent event = CloudEventReader.event(record.getPayload());
                Optional<String> refused = refusal.apply(event);
                if (refused.isPresent()) {
                    throw new UnreadableRecordException(event.type() + " " + event.id() + " refused: " + refused.get());
                }
                readable.add(record);
                events.add(event);
            } catch (UnreadableRecordException e) {
                count("unreadable", e.getMessage());
                unreadable = unreadable.chain(() -> Uni.createFrom().completionStage(() -> record.nack(e)));
            }
        }
        Uni<Void> appended = events.isEmpty() ? Uni.createFrom().voidItem()
                : tried(() -> handler.apply(events), "a batch of " + events.size() + " events");
        // Acknowledging the latest record of each partition covers the poll; one by one only when some were set aside.
        boolean whole = readable.size() == batch.getRecords().size();
        return unreadable.chain(() -> appended.chain(() -> whole ? Uni.createFrom().completionStage(batch::ack) : each(readable, record -> record.ack()))
                .onFailure().recoverWithUni(failure -> {
                    readable.forEach(record -> count("failed", "a record of a batch that failed " + attempts + " tries (" + failure + ")"));
                    return each(readable, record -> record.nack(failure));
                }));
    }

    /**
     * Up to {@code attempts} tries with backoff; an unreadable record or a final failure is not
     * tried again. The Uni fails with the last failure.
     */
    private Uni<Void> tried(java.util.function.Supplier<Uni<Void>> attempt, String what) {
        Uni<Void> tries = eachOnItsOwnContext(attempt);
        if (attempts == 1) {
            return tries;
        }
        Predicate<Throwable> retryable = failure -> !(failure instanceof UnreadableRecordException) && !finalFailure.test(failure);
        return tries.onFailure(retryable)
                .invoke(failure -> LOG.warnf("%s: %s failed, retrying: %s", channel, what, failure.toString()))
                .onFailure(retryable)
                .retry().withBackOff(firstBackoff, maxBackoff).atMost(attempts - 1L);
    }

    /**
     * Every try on a fresh, safe Vert.x context: a retry resumes on a timer thread, a batch arrives
     * on a context Hibernate Reactive refuses, and a connector other than Kafka's may deliver on a
     * thread with no context at all, so a handler that opens a session would otherwise fail on every
     * try after the first (or on the first).
     */
    private static Uni<Void> eachOnItsOwnContext(java.util.function.Supplier<Uni<Void>> attempt) {
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        io.vertx.core.Vertx vertx = caller != null ? caller.owner() : io.quarkus.arc.Arc.container().instance(io.vertx.core.Vertx.class).get();
        return Uni.createFrom().deferred(() -> dev.riff.support.reactive.OnVertxContext.run(vertx, attempt));
    }

    private static Uni<Void> each(List<KafkaRecord<String, String>> records,
            Function<KafkaRecord<String, String>, java.util.concurrent.CompletionStage<Void>> action) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (KafkaRecord<String, String> record : records) {
            all = all.chain(() -> Uni.createFrom().completionStage(() -> action.apply(record)));
        }
        return all;
    }

    private Uni<Void> setAside(String reason, String what, Throwable cause) {
        count(reason, what);
        return Uni.createFrom().failure(cause);
    }

    private void count(String reason, String what) {
        LOG.errorf("%s: set aside to the dead-letter topic: %s", channel, what);
        Metrics.counter("riff.kafka.records.set.aside", "channel", channel, "reason", reason).increment();
    }
}
