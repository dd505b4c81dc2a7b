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
}
