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

    /** The one way to make an entry: a track for a queue, at a position. */
    public static QueueEntry of(UUID queueId, TrackRef track, long position) {
        QueueEntry entry = new QueueEntry();
        entry.id = UUID.randomUUID();
        entry.queueId = queueId;
        entry.title = track.title();
        entry.url = track.url();
        entry.source = track.source();
        entry.requestedBy = track.requestedBy();
        entry.duration = track.durationSeconds();
        entry.position = position;
        entry.createdAt = Instant.now();
        return entry;
    }

    public TrackRef track() {
        return new TrackRef(title, url, source, requestedBy, duration);
    }
}
