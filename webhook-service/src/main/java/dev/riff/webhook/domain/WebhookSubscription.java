package dev.riff.webhook.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A guild's endpoint: where to send, which event types, and the secret that signs them. */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscription extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "guild_id")
    public String guildId;
    @Column(name = "webhook_url")
    public String url;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] events;
    @Column(name = "is_active")
    public boolean active;
    public String description;
    public String secret;
    @Column(name = "previous_secret")
    public String previousSecret;
    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;
    @Column(name = "disabled_reason")
    public String disabledReason;
    @Column(name = "failing_since")
    public Instant failingSince;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
