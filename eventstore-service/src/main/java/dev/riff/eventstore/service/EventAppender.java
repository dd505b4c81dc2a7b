package dev.riff.eventstore.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.eventstore.domain.StoredEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Appends CloudEvents to the log exactly once: a redelivered event (same id) is recognised and
 * not appended again, and every appended event gets the next gap-free global position.
 */
@ApplicationScoped
public class EventAppender {

    public enum Outcome { APPENDED, DUPLICATE }

    public record AppendResult(Outcome outcome, String eventId) {
    }

    public Uni<AppendResult> append(CloudEvent event) {
        return Panache.withTransaction(() -> StoredEvent.count("eventId", event.id())
                        .chain(existing -> existing > 0
                                ? Uni.createFrom().item(new AppendResult(Outcome.DUPLICATE, event.id()))
                                : insert(event)))
                .onFailure(EventAppender::isDuplicateEventId)
                .recoverWithItem(new AppendResult(Outcome.DUPLICATE, event.id()));
    }

    private Uni<AppendResult> insert(CloudEvent event) {
        String aggregateType = event.aggregatetype() != null ? event.aggregatetype() : event.type();
        String aggregateId = event.subject() != null ? event.subject() : event.recordKey();
        if (aggregateId == null) {
            aggregateId = event.id();
        }
        String streamId = aggregateId;
        return Panache.getSession().chain(session -> session
                .createNativeQuery("update event_store_position set last_position = last_position + 1 where id = 1 returning last_position", Long.class)
                .getSingleResult()
                .chain(position -> session
                        .createNativeQuery("select coalesce(max(aggregate_version), 0) + 1 from event_store_event where aggregate_type = :type and aggregate_id = :id", Long.class)
                        .setParameter("type", aggregateType)
                        .setParameter("id", streamId)
                        .getSingleResult()
                        .chain(version -> {
                            StoredEvent stored = new StoredEvent();
                            stored.eventId = event.id();
                            stored.eventType = event.type();
                            stored.aggregateType = aggregateType;
                            stored.aggregateId = streamId;
                            stored.aggregateVersion = version;
                            stored.guildId = event.partitionkey();
                            stored.source = event.source();
                            stored.eventData = event.data() == null ? null : event.data().toString();
                            stored.metadata = metadataOf(event);
                            stored.timestamp = event.time() != null ? event.time() : Instant.now();
                            stored.createdAt = Instant.now();
                            stored.globalPosition = position;
                            return stored.persist();
                        })))
                .replaceWith(new AppendResult(Outcome.APPENDED, event.id()));
    }

    /** Every CloudEvent attribute except data, so the original event can be rebuilt. */
    private static String metadataOf(CloudEvent event) {
        ObjectNode metadata = CloudEventCodec.mapper().valueToTree(event);
        metadata.remove("data");
        return metadata.toString();
    }

    /** A concurrent append of the same event won the race: it is stored, so this one is a duplicate. */
    private static boolean isDuplicateEventId(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && violation.getConstraintName() != null
                    && violation.getConstraintName().contains("event_id")) {
                return true;
            }
            if (cause.getMessage() != null && cause.getMessage().contains("event_store_event_event_id_key")) {
                return true;
            }
        }
        return false;
    }
}
