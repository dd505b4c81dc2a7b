package dev.riff.billing.service;

import dev.riff.billing.config.BillingConfig;
import dev.riff.billing.domain.GuildPremiumState;
import dev.riff.billing.domain.PaymentGrant;
import dev.riff.billing.domain.Plan;
import dev.riff.billing.domain.PremiumGuild;
import dev.riff.billing.domain.UserProfile;
import dev.riff.billing.domain.UserSubscription;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.GuildEntitlement;
import dev.riff.contracts.SubscriptionChanged;
import dev.riff.support.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The one place a user's premium is derived. Everything that changes a user (a provider's state, an
 * activation, the lifecycle job) takes the user's lock, changes its own rows and calls
 * {@link #recompute}, which works out the user's subscription from their grants and each of their
 * servers' tier from the subscription, and announces through the outbox what differs from what was
 * announced last. Deriving instead of stepping makes every path idempotent and order-free.
 */
@ApplicationScoped
public class PremiumLedger {

    public static final String TIER_PREMIUM = "premium";
    public static final String TIER_FREE = "free";

    private final Outbox outbox;
    private final BillingConfig config;

    PremiumLedger(Outbox outbox, BillingConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    /** Creates the user's rows if missing (race-free) and locks the user. Call inside a transaction. */
    public Uni<UserSubscription> lockUser(String userId) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("insert into user_profile (id, user_id) values (:id, :user) on conflict (user_id) do nothing")
                        .setParameter("id", UUID.randomUUID()).setParameter("user", userId).executeUpdate()
                        .chain(() -> session.createNativeQuery("insert into user_subscription (id, user_id) values (:id, :user)"
                                        + " on conflict (user_id) do nothing")
                                .setParameter("id", UUID.randomUUID()).setParameter("user", userId).executeUpdate()))
                .chain(() -> UserProfile.find("userId", userId).withLock(LockModeType.PESSIMISTIC_WRITE).singleResult())
                .chain(() -> UserSubscription.<UserSubscription>find("userId", userId).singleResult());
    }

    /** What a grant counts as now: past due turns into expired when the grace ends. */
    public String standing(PaymentGrant grant, Instant now) {
        if ("past_due".equals(grant.status) && grant.pastDueSince != null && !now.isBefore(grant.pastDueSince.plus(config.grace()))) {
            return "expired";
        }
        return grant.status;
    }

    /** Ends a past-due grant whose grace is over; the grace counts from billing's first sight of the failure. */
    public void endIfGraceOver(PaymentGrant grant, Instant now) {
        if (standing(grant, now).equals("expired") && !"expired".equals(grant.status)) {
            grant.status = "expired";
            grant.endedReason = "grace-ended";
            grant.updatedAt = now;
        }
    }

    /** Whether an active grant's paid period ended more than the renewal leeway ago, with no renewal seen. */
    public boolean renewalOverdue(PaymentGrant grant, Instant now) {
        return "active".equals(grant.status) && grant.periodEnd != null && grant.periodEnd.plus(config.renewalLeeway()).isBefore(now);
    }

    /** When a grant's premium ends if nothing else happens: the grace's end, or the period's plus the renewal leeway. */
    public Instant premiumUntil(PaymentGrant grant) {
        if ("past_due".equals(grant.status) && grant.pastDueSince != null) {
            return grant.pastDueSince.plus(config.grace());
        }
        return grant.periodEnd == null ? null : grant.periodEnd.plus(config.renewalLeeway());
    }

    /**
     * Re-derives the locked user's subscription and servers and announces what changed. Call inside
     * the transaction that holds {@link #lockUser}'s lock.
     */
    public Uni<UserSubscription> recompute(UserSubscription subscription, Instant now) {
        return PaymentGrant.<PaymentGrant>list("userId", subscription.userId)
                .chain(grants -> PremiumGuild.<PremiumGuild>list("userId = ?1 order by activatedAt, guildId", subscription.userId)
                        .chain(allocations -> {
                            PaymentGrant best = best(grants, now);
                            Uni<Void> subscriptionAnnounced = summarize(subscription, grants, best, now);
                            Map<String, GuildEntitlement> guilds = guildStates(subscription, grants, allocations, best, now);
                            Uni<Void> chain = subscriptionAnnounced;
                            for (GuildEntitlement guild : guilds.values()) {
                                chain = chain.chain(() -> announce(guild, now));
                            }
                            return chain.replaceWith(subscription);
                        }));
    }

    /** Announces a guild's tier if it differs from the last announcement. Call inside a transaction. */
    public Uni<Void> announce(GuildEntitlement wanted, Instant now) {
        return GuildPremiumState.<GuildPremiumState>findById(wanted.guildId(), LockModeType.PESSIMISTIC_WRITE).chain(state -> {
            Instant expiresAt = micros(wanted.expiresAt());
            if (state == null && !TIER_PREMIUM.equals(wanted.tier())) {
                return Uni.createFrom().voidItem();
            }
            if (state != null && state.tier.equals(wanted.tier()) && state.status.equals(wanted.status())
                    && Objects.equals(state.expiresAt, expiresAt)) {
                return Uni.createFrom().voidItem();
            }
            // changed_at strictly grows per guild even if clocks of two replicas disagree: config-service orders by it.
            Instant changedAt = micros(now);
            if (state != null && !changedAt.isAfter(state.changedAt)) {
                changedAt = state.changedAt.plus(1, ChronoUnit.MICROS);
            }
            GuildPremiumState next = state != null ? state : new GuildPremiumState();
            next.guildId = wanted.guildId();
            next.tier = wanted.tier();
            next.status = wanted.status();
            next.expiresAt = expiresAt;
            next.version = state == null ? 1 : state.version + 1;
            next.changedAt = changedAt;
            GuildEntitlement change = new GuildEntitlement(wanted.guildId(), wanted.tier(), wanted.status(), expiresAt, changedAt);
            Uni<?> saved = state != null ? Uni.createFrom().item(next) : next.persist();
            return saved.chain(() -> outbox.publish(EventTypes.PREMIUM_SERVER_CHANGED, wanted.guildId(), wanted.guildId(), change))
                    .replaceWithVoid();
        });
    }

    /** The grant that gives the best plan now: active ones first, then those in grace. */
    private PaymentGrant best(List<PaymentGrant> grants, Instant now) {
        PaymentGrant best = null;
        for (PaymentGrant grant : grants) {
            String standing = standing(grant, now);
            if (grant.guildId != null || standing.equals("expired")) {
                continue;
            }
            if (best == null || grant.planValue().ordinal() > best.planValue().ordinal()
                    || (grant.planValue() == best.planValue() && standing.equals("active") && !standing(best, now).equals("active"))) {
                best = grant;
            }
        }
        return best;
    }

    private Uni<Void> summarize(UserSubscription subscription, List<PaymentGrant> grants, PaymentGrant best, Instant now) {
        Plan plan = best == null ? Plan.FREE : best.planValue();
        String status = best != null ? standing(best, now) : grants.stream().anyMatch(g -> g.guildId == null) ? "expired" : "none";
        Instant expiresAt = best == null ? null : micros(best.periodEnd);
        Instant graceUntil = best != null && status.equals("past_due") ? micros(premiumUntil(best)) : null;
        String source = best == null ? null : best.source;
        boolean changed = !plan.wireName().equals(subscription.tier) || !status.equals(subscription.status)
                || !Objects.equals(source, subscription.source) || !Objects.equals(expiresAt, micros(subscription.expiresAt))
                || !Objects.equals(graceUntil, micros(subscription.graceUntil)) || subscription.premiumServers != plan.premiumServers();
        subscription.tier = plan.wireName();
        subscription.status = status;
        subscription.source = source;
        subscription.expiresAt = expiresAt;
        subscription.graceUntil = graceUntil;
        subscription.stripeSubscriptionId = best != null && PaymentGrant.STRIPE.equals(best.source) ? best.externalId
                : subscription.stripeSubscriptionId;
        subscription.premiumServers = plan.premiumServers();
        subscription.monthlyPlayTime = plan.monthlyPlayMinutes();
        subscription.monthlyRequests = plan.monthlyRequests();
        subscription.customBotEnabled = plan.customBot();
        subscription.prioritySupport = plan.prioritySupport();
        if (!changed) {
            return Uni.createFrom().voidItem();
        }
        subscription.updatedAt = now;
        var event = new SubscriptionChanged(subscription.userId, plan.wireName(), status, source, expiresAt, graceUntil,
                plan.premiumServers(), micros(now));
        return outbox.publish(EventTypes.SUBSCRIPTION_CHANGED, subscription.userId, subscription.userId, event).replaceWithVoid();
    }

    /** Each of the user's servers and the tier it should have: the first N activated are covered by the plan. */
    private Map<String, GuildEntitlement> guildStates(UserSubscription subscription, List<PaymentGrant> grants,
            List<PremiumGuild> allocations, PaymentGrant best, Instant now) {
        Map<String, GuildEntitlement> wanted = new LinkedHashMap<>();
        List<PremiumGuild> covered = new ArrayList<>(allocations.subList(0, Math.min(allocations.size(), subscription.premiumServers)));
        for (PremiumGuild allocation : allocations) {
            wanted.put(allocation.guildId, covered.contains(allocation) && best != null
                    ? new GuildEntitlement(allocation.guildId, TIER_PREMIUM, "active", premiumUntil(best), null)
                    : new GuildEntitlement(allocation.guildId, TIER_PREMIUM, "expired", null, null));
        }
        // A Discord guild subscription covers its own guild, outside the user's server count.
        for (PaymentGrant grant : grants) {
            if (grant.guildId != null && (!wanted.containsKey(grant.guildId) || !"active".equals(wanted.get(grant.guildId).status()))) {
                wanted.put(grant.guildId, standing(grant, now).equals("expired")
                        ? new GuildEntitlement(grant.guildId, TIER_PREMIUM, "expired", null, null)
                        : new GuildEntitlement(grant.guildId, TIER_PREMIUM, "active", premiumUntil(grant), null));
            }
        }
        return wanted;
    }

    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
