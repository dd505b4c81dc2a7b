package dev.riff.support.rest;

import dev.riff.support.auth.RequiresScope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The events this service's outbox relay set aside because Kafka refused them for good (too large,
 * invalid): an operator lists them, retries one (back into the outbox, behind what waits there now)
 * or drops it. Every service that publishes has this API.
 */
@Path("/api/v1/outbox/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope("outbox:admin")
public class OutboxDeadLetterResource {

    /** A set-aside event, without its payload (which may be large): its size instead. */
    public record DeadLetter(long id, String eventId, String topic, String recordKey, String eventType, int bytes,
            OffsetDateTime createdAt, OffsetDateTime failedAt, String reason) {
    }

    @GET
    @Operation(summary = "Events Kafka refused for good, oldest first")
    public Uni<List<DeadLetter>> list(@QueryParam("limit") @DefaultValue("100") @jakarta.validation.constraints.Min(1)
            @jakarta.validation.constraints.Max(1000) int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        select id, event_id, topic, record_key, event_type, octet_length(payload), created_at, failed_at, reason
                        from outbox_dead_letter order by id limit :limit""", Object[].class)
                .setParameter("limit", limit).getResultList()))
                .map(rows -> rows.stream().map(r -> new DeadLetter(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4], ((Number) r[5]).intValue(), time(r[6]), time(r[7]), (String) r[8])).toList());
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Puts a set-aside event back into the outbox, behind the events waiting there")
    public Uni<java.util.Map<String, Long>> retry(@PathParam("id") long id) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        with moved as (delete from outbox_dead_letter where id = :id returning *)
                        insert into outbox_event (event_id, topic, record_key, event_type, payload, created_at)
                        select event_id, topic, record_key, event_type, payload, created_at from moved returning id""", Long.class)
                .setParameter("id", id).getResultList()))
                .map(ids -> {
                    if (ids.isEmpty()) {
                        throw new NotFoundException("no dead letter " + id);
                    }
                    return java.util.Map.of("id", id, "outboxId", ids.getFirst());
                });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Drops a set-aside event for good")
    public Uni<Void> drop(@PathParam("id") long id) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from outbox_dead_letter where id = :id").setParameter("id", id).executeUpdate()))
                .map(deleted -> {
                    if (deleted == 0) {
                        throw new NotFoundException("no dead letter " + id);
                    }
                    return null;
                });
    }

    private static OffsetDateTime time(Object value) {
        return value instanceof OffsetDateTime odt ? odt
                : value instanceof java.time.Instant instant ? instant.atOffset(java.time.ZoneOffset.UTC)
                : value instanceof java.sql.Timestamp ts ? ts.toInstant().atOffset(java.time.ZoneOffset.UTC) : null;
    }
}
