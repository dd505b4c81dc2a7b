package dev.riff.eventstore.messaging;

import dev.riff.eventstore.domain.EventRules;
import dev.riff.eventstore.service.EventAppender;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Appends every CloudEvent from the domain topics, a whole poll per transaction (the log's one
 * position lock is taken once per batch, not once per event). Kafka redelivers after a crash or
 * rebalance; the appender recognises event ids, so each event is stored once. An event the store's
 * rules refuse goes to eventstore.dead-letter at once; PostgreSQL briefly unavailable is retried for
 * about 90 s.
 */
@ApplicationScoped
public class DomainEventConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("domain-events", 20);

    private final EventAppender appender;

    DomainEventConsumer(EventAppender appender) {
        this.appender = appender;
    }

    @Incoming("domain-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return POLICY.consumeBatch(batch,
                event -> EventRules.check(event, "").map(broken -> broken.field() + " " + broken.reason()),
                events -> appender.appendAll(events).replaceWithVoid());
    }
}
