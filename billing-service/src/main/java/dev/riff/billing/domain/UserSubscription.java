package dev.riff.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's subscription as the fleet sees it: derived from the user's {@link PaymentGrant}s (the
 * best plan an active or in-grace grant gives) with the plan's grants copied from {@link Plan}.
 * The seed's {@code monthly_play_time} is the plan's allowance in minutes; -1 is unlimited.
 */
@Entity
@Table(name = "user_subscription")
public class UserSubscription extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "user_id")
    public String userId;
    /** The plan's wire name: free, basic, premium or enterprise. */
    public String tier;
    /** none (never paid), active, past_due (in grace) or expired. */
    public String status;
    /** Where the plan comes from: stripe or discord; null on free. */
    public String source;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "grace_until")
    public Instant graceUntil;
    @Column(name = "stripe_customer_id")
    public String stripeCustomerId;
    @Column(name = "stripe_subscription_id")
    public String stripeSubscriptionId;
    @Column(name = "payment_method")
    public String paymentMethod;
    @Column(name = "monthly_play_time")
    public int monthlyPlayTime;
    @Column(name = "monthly_requests")
    public int monthlyRequests;
    @Column(name = "premium_servers")
    public int premiumServers;
    @Column(name = "custom_bot_enabled")
    public boolean customBotEnabled;
    @Column(name = "priority_support")
    public boolean prioritySupport;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public Plan plan() {
        return Plan.named(tier).orElse(Plan.FREE);
    }
}
