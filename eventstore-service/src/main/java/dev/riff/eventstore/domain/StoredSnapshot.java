package dev.riff.eventstore.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** An aggregate's folded state at one version (seed: EventStoreSnapshot). */
@Entity
@Table(name = "event_store_snapshot")
public class StoredSnapshot extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "aggregate_id", nullable = false, updatable = false)
    public String aggregateId;

    @Column(name = "aggregate_type", nullable = false, updatable = false)
    public String aggregateType;

    @Column(nullable = false, updatable = false)
    public long version;

    /** The folded state, as JSON text. */
    @Column(nullable = false, updatable = false)
    @ColumnTransformer(read = "data::text", write = "cast(cast(? as text) as jsonb)")
    public String data;

    /** The time of the event at {@link #version}. */
    @Column(name = "\"timestamp\"", nullable = false, updatable = false)
    public Instant timestamp;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
