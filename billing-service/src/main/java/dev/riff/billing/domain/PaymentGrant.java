package dev.riff.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One thing a user paid for, mirrored from its provider: a Stripe subscription or a Discord
 * entitlement. Written from the provider object's current state, so applying it twice or late
 * changes nothing.
 */
@Entity
@Table(name = "payment_grant")
public class PaymentGrant extends PanacheEntityBase {

    public static final String STRIPE = "stripe";
    public static final String DISCORD = "discord";

    @Id
    public UUID id;
    @Column(name = "user_id")
    public String userId;
    public String source;
    @Column(name = "external_id")
    public String externalId;
    public String plan;
    @Column(name = "provider_status")
    public String providerStatus;
    /** active, past_due (premium kept until the grace ends) or expired. */
    public String status;
    @Column(name = "period_end")
    public Instant periodEnd;
    @Column(name = "past_due_since")
    public Instant pastDueSince;
    @Column(name = "ended_reason")
    public String endedReason;
    /** For a Discord guild subscription: the guild it is for. */
    @Column(name = "guild_id")
    public String guildId;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public Plan planValue() {
        return Plan.named(plan).orElse(Plan.FREE);
    }
}
