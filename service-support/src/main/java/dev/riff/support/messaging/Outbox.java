package dev.riff.support.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records events for publication. Call it inside the transaction that makes the state change the
 * event announces: both commit together or neither does, and {@link OutboxRelay} publishes after commit.
 */
@ApplicationScoped
public class Outbox {

    private final String source;
    private final int maxEventBytes;

    Outbox(@ConfigProperty(name = "quarkus.application.name") String applicationName, OutboxConfig config) {
        this.source = "/" + applicationName;
        this.maxEventBytes = config.maxEventBytes();
    }

    /**
     * @param subject  the aggregate id the event is about
     * @param guildId  the Kafka record key (ordering and partition); the subject when null
     * @param data     the event payload, serialized as JSON
     */
    public <T> Uni<CloudEvent> publish(EventType<T> type, String subject, String guildId, T data) {
        CloudEvent event = CloudEvent.create(type, source, subject, guildId,
                CloudEventCodec.mapper().valueToTree(data));
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.id();
        row.topic = type.topic().topicName();
        row.recordKey = event.recordKey();
        row.eventType = type.name();
        row.payload = CloudEventCodec.write(event);
        int bytes = row.payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > maxEventBytes) {
            // Refused where it is made: the broker would refuse it later, after the change had committed.
            return Uni.createFrom().failure(new EventTooLargeException(type.name(), bytes, maxEventBytes));
        }
        row.createdAt = Instant.now();
        return row.persist().replaceWith(event);
    }
}
