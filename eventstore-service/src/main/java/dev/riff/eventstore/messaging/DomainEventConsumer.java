package dev.riff.eventstore.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.eventstore.domain.EventRules;
import dev.riff.eventstore.service.EventAppender;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Appends every CloudEvent from the domain topics. Kafka redelivers after a crash or rebalance; the
 * appender recognises the event id, so each event is stored once.
 */
@ApplicationScoped
public class DomainEventConsumer {

    private static final Logger LOG = Logger.getLogger(DomainEventConsumer.class);

    private final EventAppender appender;

    DomainEventConsumer(EventAppender appender) {
        this.appender = appender;
    }

    @Incoming("domain-events")
    public Uni<Void> consume(String record) {
        CloudEvent event;
        try {
            event = CloudEventCodec.read(record);
        } catch (IllegalArgumentException malformed) {
            // Retrying cannot fix it: the failure strategy sends it to the dead-letter topic.
            LOG.errorf("Not a CloudEvent, dead-lettered: %s", malformed.getMessage());
            return Uni.createFrom().failure(malformed);
        }
        var broken = EventRules.check(event, "");
        if (broken.isPresent()) {
            // Storing it cannot succeed either: dead-lettered at once, and the partition goes on.
            LOG.errorf("CloudEvent %s refused, dead-lettered: %s %s", event.id(), broken.get().field(), broken.get().reason());
            return Uni.createFrom().failure(new IllegalArgumentException(broken.get().field() + " " + broken.get().reason()));
        }
        return appender.append(event)
                // PostgreSQL briefly unavailable: wait and retry before giving up to the dead-letter topic.
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(20)
                .replaceWithVoid();
    }
}
