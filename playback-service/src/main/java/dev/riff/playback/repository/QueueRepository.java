package dev.riff.playback.repository;

import dev.riff.playback.domain.GuildQueue;
import dev.riff.playback.domain.QueueEntry;
import dev.riff.playback.domain.TrackRef;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A guild's queue in PostgreSQL: its upcoming entries in order. Every call runs in the caller's transaction. */
@ApplicationScoped
public class QueueRepository {

    /** The entries in play order; empty when the guild has no queue. */
    public Uni<List<QueueEntry>> entries(String guildId) {
        return queueOf(guildId).chain(queue -> queue == null ? Uni.createFrom().item(List.<QueueEntry>of())
                : QueueEntry.<QueueEntry>find("queueId", Sort.by("position"), queue.id).list());
    }

    /** The entry that plays next, or null. */
    public Uni<QueueEntry> next(String guildId) {
        return queueOf(guildId).chain(queue -> queue == null ? Uni.createFrom().<QueueEntry>nullItem()
                : QueueEntry.<QueueEntry>find("queueId", Sort.by("position"), queue.id).firstResult());
    }

    public Uni<Long> size(GuildQueue queue) {
        return QueueEntry.count("queueId", queue.id);
    }

    /** Adds a track at the end of the guild's queue, or before everything when {@code first}. */
    public Uni<QueueEntry> add(String guildId, TrackRef track, boolean first) {
        return ensureQueue(guildId, null, null).chain(queue -> add(queue, track, first));
    }

    /** Adds a track at the end of the queue, or before everything when {@code first}. */
    public Uni<QueueEntry> add(GuildQueue queue, TrackRef track, boolean first) {
        return nextPosition(queue.id, first).chain(position -> {
            QueueEntry entry = QueueEntry.of(queue.id, track, position);
            return entry.persist().replaceWith(entry);
        });
    }

    /** Adds tracks in their order at the end of the queue, or before everything when {@code first}; one position query for all. */
    public Uni<Void> addAll(GuildQueue queue, List<TrackRef> tracks, boolean first) {
        if (tracks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return nextPosition(queue.id, first).chain(position -> {
            long start = first ? position - tracks.size() + 1 : position;
            List<QueueEntry> entries = new java.util.ArrayList<>();
            for (int i = 0; i < tracks.size(); i++) {
                entries.add(QueueEntry.of(queue.id, tracks.get(i), start + i));
            }
            return QueueEntry.persist(entries);
        });
    }

    /** Empties the queue; answers how many entries it held. */
    public Uni<Long> clear(String guildId) {
        return queueOf(guildId).chain(queue -> queue == null ? Uni.createFrom().item(0L) : QueueEntry.delete("queueId", queue.id));
    }

    /** Gives the entries consecutive positions from 1 in the order of the list (flushed with the transaction). */
    public void reorder(List<QueueEntry> order) {
        for (int i = 0; i < order.size(); i++) {
            order.get(i).position = i + 1;
        }
    }

    private static Uni<GuildQueue> queueOf(String guildId) {
        return GuildQueue.<GuildQueue>find("guildId", guildId).firstResult();
    }

    /** The guild's queue, made on its first track; the channels are where it was started from. */
    public Uni<GuildQueue> ensureQueue(String guildId, String voiceChannelId, String textChannelId) {
        return queueOf(guildId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            GuildQueue queue = new GuildQueue();
            queue.id = UUID.randomUUID();
            queue.guildId = guildId;
            queue.voiceChannelId = voiceChannelId;
            queue.textChannelId = textChannelId;
            queue.createdAt = Instant.now();
            return queue.persist().replaceWith(queue);
        });
    }

    private static Uni<Long> nextPosition(UUID queueId, boolean first) {
        String query = first ? "select coalesce(min(e.position), 1) - 1 from QueueEntry e where e.queueId = ?1"
                : "select coalesce(max(e.position), 0) + 1 from QueueEntry e where e.queueId = ?1";
        return Panache.getSession().chain(session -> session.createSelectionQuery(query, Long.class).setParameter(1, queueId).getSingleResult());
    }
}
