package dev.riff.webhook.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One event for one subscription; its id is the webhook-id of every attempt. */
@Entity
@Table(name = "webhook_message")
public class WebhookMessage extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    @Id
    public String id;
    @Column(name = "subscription_id")
    public UUID subscriptionId;
    @Column(name = "guild_id")
    public String guildId;
    @Column(name = "source_event_id")
    public String sourceEventId;
    @Column(name = "event_type")
    public String eventType;
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "leased_until")
    public Instant leasedUntil;
}
