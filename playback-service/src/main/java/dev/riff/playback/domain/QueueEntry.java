package dev.riff.playback.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An upcoming track in a guild's queue (seed: QueueItem), ordered by position. */
@Entity
@Table(name = "queue_item")
public class QueueEntry extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "queue_id", nullable = false)
    public UUID queueId;
    @Column(nullable = false)
    public String title;
    @Column(nullable = false)
    public String url;
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;
    /** Seconds, or null for a live stream. */
    public Integer duration;
    public String source;
    public long position;
    @Column(name = "created_at")
    public Instant createdAt;
}
