package dev.riff.eventstore.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.eventstore.domain.ExpectedVersion;
import dev.riff.eventstore.projection.PlayStats;
import dev.riff.eventstore.state.AggregateStates;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Appends CloudEvents to the log exactly once: a redelivered event (same id) is recognised and
 * not appended again, and every appended event gets the next gap-free global position. The Kafka
 * consumer and the append API both come through {@link #appendToStream}.
 */
@ApplicationScoped
public class EventAppender {

    /** Channel on which every commit announces its last position (read by {@link LiveSignal}). */
    public static final String CHANNEL = "event_store_appended";

    public enum Outcome { APPENDED, DUPLICATE }

    public record AppendResult(Outcome outcome, String eventId) {
    }

    /** The stream's version after the append and the global positions of the batch's events. */
    public record StreamAppend(Outcome outcome, long streamVersion, long firstPosition, long lastPosition) {
    }

    private final PlayStats playStats;
    private final AggregateStates states;

    EventAppender(PlayStats playStats, AggregateStates states) {
        this.playStats = playStats;
        this.states = states;
    }

    /** The Kafka path: the event's own stream (aggregate type and subject), any version. */
    public Uni<AppendResult> append(CloudEvent event) {
        Stream stream = Stream.of(event);
        return appendToStream(stream.type(), stream.id(), ExpectedVersion.ANY, List.of(event))
                .map(result -> new AppendResult(result.outcome(), event.id()));
    }

    /**
     * Appends the batch to one stream, all or nothing. A batch whose events are all stored already is
     * a retry and answers {@link Outcome#DUPLICATE} without checking the version.
     *
     * @throws WrongExpectedVersionException when the stream is not at the expected version, or only
     *                                       part of the batch is stored already
     */
    public Uni<StreamAppend> appendToStream(String aggregateType, String aggregateId, ExpectedVersion expected, List<CloudEvent> events) {
        List<String> ids = events.stream().map(CloudEvent::id).toList();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> lockedHead(session)
                .chain(head -> session
                        // The stream's version and the positions of any events of the batch stored already.
                        .createNativeQuery("select coalesce(max(aggregate_version), 0), (select string_agg(cast(global_position as text), ','"
                                + " order by global_position) from event_store_event where event_id in (:ids))"
                                + " from event_store_event where aggregate_type = :type and aggregate_id = :id", Object[].class)
                        .setParameter("ids", ids)
                        .setParameter("type", aggregateType)
                        .setParameter("id", aggregateId)
                        .getSingleResult()
                        .chain(row -> {
                            long version = ((Number) row[0]).longValue();
                            List<Long> stored = row[1] == null ? List.of() : Arrays.stream(((String) row[1]).split(",")).map(Long::valueOf).toList();
                            if (stored.size() == ids.size()) {
                                return Uni.createFrom().item(new StreamAppend(Outcome.DUPLICATE, version, stored.getFirst(), stored.getLast()));
                            }
                            if (!stored.isEmpty()) {
                                return Uni.createFrom().failure(new WrongExpectedVersionException(
                                        stored.size() + " of the batch's " + ids.size() + " events are stored already"));
                            }
                            if (!expected.matches(version)) {
                                return Uni.createFrom().failure(new WrongExpectedVersionException(
                                        aggregateType + "/" + aggregateId, expected, version));
                            }
                            return insert(session, aggregateType, aggregateId, events, head, version);
                        }))));
    }

    /**
     * The head position, row-locked until the transaction ends. Every append queues on this lock:
     * positions follow commit order, and neither a duplicate check nor a stream version read after
     * it can change under the append.
     */
    private static Uni<Long> lockedHead(Mutiny.Session session) {
        return session.createNativeQuery("select last_position from event_store_position where id = 1 for update", Long.class)
                .getSingleResult();
    }

    /**
     * The whole batch, the new head position and the notification in one statement: one round trip,
     * whatever the batch's size. NOTIFY is delivered when the transaction commits, never before.
     */
    private static final String INSERT = """
            with appended as (
                insert into event_store_event (event_id, event_type, aggregate_id, aggregate_type, aggregate_version, guild_id,
                                               source, event_data, metadata, "timestamp", created_at, global_position)
                select e.event_id, e.event_type, e.aggregate_id, e.aggregate_type, e.aggregate_version, e.guild_id, e.source,
                       cast(e.event_data as jsonb), cast(e.metadata as jsonb), cast(e.time as timestamptz), now(), :head + e.n
                from unnest(cast(:ids as text[]), cast(:types as text[]), cast(:aggregateIds as text[]), cast(:aggregateTypes as text[]),
                            cast(:versions as bigint[]), cast(:guilds as text[]), cast(:sources as text[]),
                            cast(:data as text[]), cast(:metadata as text[]), cast(:times as text[])) with ordinality
                     as e(event_id, event_type, aggregate_id, aggregate_type, aggregate_version, guild_id, source, event_data, metadata, time, n))
            update event_store_position set last_position = :last
            from (select pg_notify('%s', :lastText)) notified
            where id = 1
            """.formatted(CHANNEL);

    private Uni<StreamAppend> insert(Mutiny.Session session, String aggregateType, String aggregateId, List<CloudEvent> events,
            long head, long version) {
        long newVersion = version + events.size();
        List<Appended> rows = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            rows.add(new Appended(events.get(i), aggregateType, aggregateId, version + i + 1));
        }
        return insertRows(session, rows, head)
                .chain(() -> states.snapshotIfDue(session, aggregateType, aggregateId, version, newVersion))
                .replaceWith(new StreamAppend(Outcome.APPENDED, newVersion, head + 1, head + events.size()));
    }

    /** An event about to be stored: its stream and its version in that stream. */
    private record Appended(CloudEvent event, String aggregateType, String aggregateId, long version) {
    }

    /** The rows at positions head + 1 onwards, the new head, the notification and the play-stats projection. */
    private Uni<Void> insertRows(Mutiny.Session session, List<Appended> rows, long head) {
        Instant now = Instant.now();
        List<CloudEvent> events = rows.stream().map(Appended::event).toList();
        long first = head + 1;
        long last = head + rows.size();
        return session.createNativeQuery(INSERT)
                .setParameter("aggregateIds", rows.stream().map(Appended::aggregateId).toArray(String[]::new))
                .setParameter("aggregateTypes", rows.stream().map(Appended::aggregateType).toArray(String[]::new))
                .setParameter("versions", rows.stream().map(Appended::version).toArray(Long[]::new))
                .setParameter("head", head)
                .setParameter("ids", column(events, CloudEvent::id))
                .setParameter("types", column(events, CloudEvent::type))
                .setParameter("guilds", column(events, CloudEvent::partitionkey))
                .setParameter("sources", column(events, CloudEvent::source))
                .setParameter("data", column(events, e -> e.data() == null ? null : e.data().toString()))
                .setParameter("metadata", column(events, EventAppender::metadataOf))
                // PostgreSQL would round nanoseconds to microseconds, the clients' instants are truncated instead.
                .setParameter("times", column(events, e -> (e.time() != null ? e.time() : now).truncatedTo(ChronoUnit.MICROS).toString()))
                .setParameter("last", last)
                .setParameter("lastText", Long.toString(last))
                .executeUpdate()
                // Most batches carry no track start: skip the projection's query for them.
                .chain(() -> events.stream().anyMatch(e -> e.type().equals(EventTypes.TRACK_STARTED.name()))
                        ? playStats.apply(session, first, last) : Uni.createFrom().item(0))
                .replaceWithVoid();
    }

    /**
     * The Kafka path: a poll's events, each to its own stream (aggregate type and subject) at any
     * version, in one transaction with gap-free positions. Events stored already (a redelivery) and
     * repeats within the batch are skipped, so each event is stored once.
     *
     * @return how many events were appended
     */
    public Uni<Integer> appendAll(List<CloudEvent> batch) {
        Map<String, CloudEvent> byId = new LinkedHashMap<>();
        batch.forEach(event -> byId.putIfAbsent(event.id(), event));
        if (byId.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> lockedHead(session)
                .chain(head -> session.createNativeQuery("select event_id from event_store_event where event_id = any(cast(:ids as text[]))", String.class)
                        .setParameter("ids", byId.keySet().toArray(String[]::new))
                        .getResultList()
                        .chain(stored -> {
                            stored.forEach(byId::remove);
                            List<CloudEvent> fresh = List.copyOf(byId.values());
                            if (fresh.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            return streamVersions(session, fresh).chain(versions -> {
                                Map<Stream, Long> next = new HashMap<>(versions);
                                List<Appended> rows = new java.util.ArrayList<>();
                                for (CloudEvent event : fresh) {
                                    Stream stream = Stream.of(event);
                                    rows.add(new Appended(event, stream.type(), stream.id(), next.merge(stream, 1L, Long::sum)));
                                }
                                Uni<Void> done = insertRows(session, rows, head);
                                for (var stream : next.entrySet()) {
                                    long before = versions.getOrDefault(stream.getKey(), 0L);
                                    done = done.chain(() -> states.snapshotIfDue(session, stream.getKey().type(), stream.getKey().id(),
                                            before, stream.getValue()));
                                }
                                return done.replaceWith(rows.size());
                            });
                        }))));
    }

    /** The current version of each stream the events go to; absent streams are at 0. */
    private Uni<Map<Stream, Long>> streamVersions(Mutiny.Session session, List<CloudEvent> events) {
        return session.createNativeQuery("""
                        select s.type, s.id, coalesce((select max(aggregate_version) from event_store_event
                            where aggregate_type = s.type and aggregate_id = s.id), 0)
                        from (select distinct type, id from unnest(cast(:types as text[]), cast(:ids as text[])) as s(type, id)) s""",
                        Object[].class)
                .setParameter("types", events.stream().map(event -> Stream.of(event).type()).toArray(String[]::new))
                .setParameter("ids", events.stream().map(event -> Stream.of(event).id()).toArray(String[]::new))
                .getResultList()
                .map(rows -> {
                    Map<Stream, Long> versions = new HashMap<>();
                    rows.forEach(row -> versions.put(new Stream((String) row[0], (String) row[1]), ((Number) row[2]).longValue()));
                    return versions;
                });
    }

    /** The stream an event from Kafka goes to: its aggregate type (else its type) and its subject (else its key, else its id). */
    private record Stream(String type, String id) {
        static Stream of(CloudEvent event) {
            String id = event.subject() != null ? event.subject() : event.recordKey();
            return new Stream(event.aggregatetype() != null ? event.aggregatetype() : event.type(), id != null ? id : event.id());
        }
    }

    private static String[] column(List<CloudEvent> events, Function<CloudEvent, String> attribute) {
        return events.stream().map(attribute).toArray(String[]::new);
    }

    /** Every CloudEvent attribute except data, so the original event can be rebuilt. */
    private static String metadataOf(CloudEvent event) {
        ObjectNode metadata = CloudEventCodec.mapper().valueToTree(event);
        metadata.remove("data");
        return metadata.toString();
    }
}
