package dev.riff.eventstore.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.eventstore.domain.Json;
import dev.riff.eventstore.domain.StoredEvent;
import dev.riff.eventstore.domain.StoredSnapshot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Aggregate state from the log: the latest snapshot at or before the wanted version, plus the stream's
 * later events folded onto it. A snapshot is taken every {@code riff.eventstore.snapshot-every} events.
 */
@ApplicationScoped
public class AggregateStates {

    /** State of one aggregate at {@code version} (0: before its first event). */
    public record AggregateState(String aggregateType, String aggregateId, long version, Instant time,
            Long fromSnapshotVersion, JsonNode state) {
    }

    private final Map<String, Fold> folds;
    private final int snapshotEvery;

    AggregateStates(Instance<Fold> folds, @ConfigProperty(name = "riff.eventstore.snapshot-every", defaultValue = "50") int snapshotEvery) {
        this.folds = folds.stream().collect(Collectors.toMap(Fold::aggregateType, Function.identity()));
        this.snapshotEvery = snapshotEvery;
    }

    public boolean knows(String aggregateType) {
        return folds.containsKey(aggregateType);
    }

    /**
     * State after the last event at or before a global position or a time (both null: now).
     * At a time, that is the stream's highest version whose event time is not after it.
     */
    public Uni<AggregateState> stateAt(String aggregateType, String aggregateId, Long atPosition, Instant atTime, boolean useSnapshots) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery("select coalesce(max(aggregate_version), 0) from event_store_event where aggregate_type = :type and aggregate_id = :id"
                            + (atPosition != null ? " and global_position <= :position" : "")
                            + (atTime != null ? " and \"timestamp\" <= :time" : ""), Long.class)
                    .setParameter("type", aggregateType)
                    .setParameter("id", aggregateId);
            if (atPosition != null) {
                query.setParameter("position", atPosition);
            }
            if (atTime != null) {
                query.setParameter("time", atTime);
            }
            return query.getSingleResult().chain(version -> load(session, aggregateType, aggregateId, version, useSnapshots));
        }));
    }

    /**
     * Called by the appender, in its transaction, after the stream moved from one version to another:
     * a snapshot at every multiple of {@code snapshotEvery} crossed, however many events one append
     * (or one Kafka batch) brought, so no state is ever more than that many events from a snapshot.
     */
    public Uni<Void> snapshotIfDue(Mutiny.Session session, String aggregateType, String aggregateId, long fromVersion, long toVersion) {
        Uni<Void> snapshots = Uni.createFrom().voidItem();
        if (!knows(aggregateType)) {
            return snapshots;
        }
        for (long due = (fromVersion / snapshotEvery + 1) * snapshotEvery; due <= toVersion; due += snapshotEvery) {
            long version = due;
            snapshots = snapshots.chain(() -> snapshotAt(session, aggregateType, aggregateId, version));
        }
        return snapshots;
    }

    private Uni<Void> snapshotAt(Mutiny.Session session, String aggregateType, String aggregateId, long version) {
        return load(session, aggregateType, aggregateId, version, true).chain(state -> {
            StoredSnapshot snapshot = new StoredSnapshot();
            snapshot.aggregateType = aggregateType;
            snapshot.aggregateId = aggregateId;
            snapshot.version = state.version();
            snapshot.data = state.state().toString();
            snapshot.timestamp = state.time();
            snapshot.createdAt = Instant.now();
            return session.persist(snapshot);
        });
    }

    private Uni<AggregateState> load(Mutiny.Session session, String aggregateType, String aggregateId, long version, boolean useSnapshots) {
        Fold fold = folds.get(aggregateType);
        if (fold == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("no state is kept for aggregate type " + aggregateType));
        }
        Uni<StoredSnapshot> snapshot = !useSnapshots ? Uni.createFrom().nullItem() : session
                .createSelectionQuery("from StoredSnapshot where aggregateType = :type and aggregateId = :id and version <= :version order by version desc", StoredSnapshot.class)
                .setParameter("type", aggregateType)
                .setParameter("id", aggregateId)
                .setParameter("version", version)
                .setMaxResults(1)
                .getSingleResultOrNull();
        return snapshot.chain(base -> session
                .createSelectionQuery("from StoredEvent where aggregateType = :type and aggregateId = :id and aggregateVersion > :from and aggregateVersion <= :to order by aggregateVersion", StoredEvent.class)
                .setParameter("type", aggregateType)
                .setParameter("id", aggregateId)
                .setParameter("from", base == null ? 0L : base.version)
                .setParameter("to", version)
                .getResultList()
                .map(events -> {
                    // A snapshot taken before the fold learned a field lacks it: the initial state supplies its default.
                    ObjectNode state = fold.initial();
                    if (base != null) {
                        state.setAll((ObjectNode) Json.read(base.data));
                    }
                    long at = base == null ? 0 : base.version;
                    Instant time = base == null ? null : base.timestamp;
                    for (StoredEvent event : events) {
                        fold.apply(state, event.eventType, Json.read(event.eventData));
                        at = event.aggregateVersion;
                        time = event.timestamp;
                    }
                    return new AggregateState(aggregateType, aggregateId, at, time, base == null ? null : base.version, state);
                }));
    }
}
