package dev.riff.eventstore.service;

import dev.riff.eventstore.domain.StoredEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads of the log in global order. */
@ApplicationScoped
public class EventQueries {

    private final Pool pool;

    EventQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * Events after the given global position, oldest first. Straight through the reactive client:
     * this is the log's hot read (pages of the API, subscriptions), and it runs from any thread.
     *
     * @param typePrefix when not null, only event types starting with it
     * @param guildId    when not null, only events about that guild
     */
    public Uni<List<StoredEvent>> after(long position, int limit, String typePrefix, String guildId) {
        return read(position, true, limit, typePrefix, guildId);
    }

    /** Events before the given global position, newest first (the log read backwards). */
    public Uni<List<StoredEvent>> before(long position, int limit, String typePrefix, String guildId) {
        return read(position, false, limit, typePrefix, guildId);
    }

    private Uni<List<StoredEvent>> read(long position, boolean forwards, int limit, String typePrefix, String guildId) {
        StringBuilder sql = new StringBuilder("select id, event_id, event_type, aggregate_id, aggregate_type, aggregate_version,"
                + " guild_id, source, event_data::text, metadata::text, \"timestamp\", created_at, global_position"
                + " from event_store_event where global_position " + (forwards ? ">" : "<") + " $1");
        Tuple parameters = Tuple.of(position);
        if (typePrefix != null) {
            parameters.addString(typePrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            sql.append(" and event_type like $").append(parameters.size());
        }
        if (guildId != null) {
            parameters.addString(guildId);
            sql.append(" and guild_id = $").append(parameters.size());
        }
        parameters.addInteger(limit);
        sql.append(" order by global_position ").append(forwards ? "" : "desc ").append("limit $").append(parameters.size());
        return pool.preparedQuery(sql.toString()).execute(parameters).map(rows -> {
            List<StoredEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(stored(row));
            }
            return events;
        });
    }

    private static StoredEvent stored(Row row) {
        StoredEvent event = new StoredEvent();
        event.id = row.getLong(0);
        event.eventId = row.getString(1);
        event.eventType = row.getString(2);
        event.aggregateId = row.getString(3);
        event.aggregateType = row.getString(4);
        event.aggregateVersion = row.getLong(5);
        event.guildId = row.getString(6);
        event.source = row.getString(7);
        event.eventData = row.getString(8);
        event.metadata = row.getString(9);
        event.timestamp = row.getOffsetDateTime(10).toInstant();
        event.createdAt = row.getOffsetDateTime(11).toInstant();
        event.globalPosition = row.getLong(12);
        return event;
    }

    public Uni<StoredEvent> byEventId(String eventId) {
        return Panache.withSession(() -> StoredEvent.<StoredEvent>find("eventId", eventId).firstResult());
    }

    /**
     * One stream's events from a version: upwards, or (backwards) downwards from it.
     *
     * @param from the first version to read; null reads from the start (forwards) or the end (backwards)
     */
    public Uni<List<StoredEvent>> stream(String aggregateType, String aggregateId, Long from, boolean forwards, int limit) {
        long start = from != null ? from : forwards ? 0 : Long.MAX_VALUE;
        return Panache.withSession(() -> StoredEvent.<StoredEvent>find(
                        "aggregateType = ?1 and aggregateId = ?2 and aggregateVersion " + (forwards ? ">=" : "<=") + " ?3",
                        forwards ? Sort.by("aggregateVersion") : Sort.descending("aggregateVersion"),
                        aggregateType, aggregateId, start)
                .page(Page.ofSize(limit))
                .list());
    }
}
