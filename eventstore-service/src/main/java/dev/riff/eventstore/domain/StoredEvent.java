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

/** One appended event (seed: EventStoreEvent). Never updated or deleted: the database refuses both. */
@Entity
@Table(name = "event_store_event")
public class StoredEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false, unique = true, updatable = false)
    public String eventId;

    @Column(name = "event_type", nullable = false, updatable = false)
    public String eventType;

    @Column(name = "aggregate_id", nullable = false, updatable = false)
    public String aggregateId;

    @Column(name = "aggregate_type", nullable = false, updatable = false)
    public String aggregateType;

    @Column(name = "aggregate_version", nullable = false, updatable = false)
    public long aggregateVersion;

    @Column(name = "guild_id", updatable = false)
    public String guildId;

    @Column(nullable = false, updatable = false)
    public String source;

    /** The CloudEvent's data, as JSON text. */
    @Column(name = "event_data", updatable = false)
    @ColumnTransformer(read = "event_data::text", write = "cast(cast(? as text) as jsonb)")
    public String eventData;

    /** The CloudEvent's other attributes, as JSON text. */
    @Column(nullable = false, updatable = false)
    @ColumnTransformer(read = "metadata::text", write = "cast(cast(? as text) as jsonb)")
    public String metadata;

    /** When the event happened (the CloudEvent time). */
    @Column(name = "\"timestamp\"", nullable = false, updatable = false)
    public Instant timestamp;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "global_position", nullable = false, unique = true, updatable = false)
    public long globalPosition;
}
