package dev.riff.eventstore.service;

import dev.riff.eventstore.domain.StoredEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of the log in global order. */
@ApplicationScoped
public class EventQueries {

    /**
     * Events after the given global position, oldest first.
     *
     * @param typePrefix when not null, only event types starting with it
     * @param guildId    when not null, only events about that guild
     */
    public Uni<List<StoredEvent>> after(long position, int limit, String typePrefix, String guildId) {
        StringBuilder query = new StringBuilder("globalPosition > :position");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("position", position);
        if (typePrefix != null) {
            query.append(" and eventType like :type");
            parameters.put("type", typePrefix.replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (guildId != null) {
            query.append(" and guildId = :guild");
            parameters.put("guild", guildId);
        }
        return Panache.withSession(() -> StoredEvent.<StoredEvent>find(query.toString(), Sort.by("globalPosition"), parameters)
                .page(Page.ofSize(limit))
                .list());
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
