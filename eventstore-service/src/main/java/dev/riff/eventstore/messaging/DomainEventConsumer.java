package dev.riff.eventstore.messaging;

import dev.riff.eventstore.domain.EventRules;
import dev.riff.eventstore.service.EventAppender;
import dev.riff.support.messaging.ConsumerPolicy;
import dev.riff.support.messaging.UnreadableRecordException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Appends every CloudEvent from the domain topics. Kafka redelivers after a crash or rebalance; the
 * appender recognises the event id, so each event is stored once. An event the store's rules refuse
 * goes to eventstore.dead-letter at once; PostgreSQL briefly unavailable is retried for about 90 s.
 */
@ApplicationScoped
public class DomainEventConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("domain-events", 20);

    private final EventAppender appender;

    DomainEventConsumer(EventAppender appender) {
        this.appender = appender;
    }

    @Incoming("domain-events")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, event -> {
            var broken = EventRules.check(event, "");
            if (broken.isPresent()) {
                throw new UnreadableRecordException("refused: " + broken.get().field() + " " + broken.get().reason());
            }
            return appender.append(event).replaceWithVoid();
        });
    }
}
