package dev.riff.billing.service;

import dev.riff.billing.config.BillingConfig;
import dev.riff.billing.domain.PaymentGrant;
import dev.riff.support.reactive.OnVertxContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Grace and expiry, as a job on every replica: grants past their grace, and grants whose paid
 * period ended without a renewal (Stripe is asked first: the renewal's webhook may be late or lost),
 * are expired and their users' servers recomputed. Replicas may run it at once: each user is handled
 * under the user's lock, and the second finds nothing left to do.
 */
@ApplicationScoped
public class SubscriptionLifecycle {

    private static final Logger LOG = Logger.getLogger(SubscriptionLifecycle.class);
    private static final int USERS_PER_ROUND = 200;

    private final PremiumLedger ledger;
    private final StripeBilling stripe;
    private final BillingConfig config;
    private final OnVertxContext vertx;

    SubscriptionLifecycle(PremiumLedger ledger, StripeBilling stripe, BillingConfig config, OnVertxContext vertx) {
        this.ledger = ledger;
        this.stripe = stripe;
        this.config = config;
        this.vertx = vertx;
    }

    @Scheduled(every = "${riff.billing.lifecycle-every}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return vertx.run(this::run).onFailure().invoke(e -> LOG.warn("the lifecycle round failed; the next one retries", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One round; returns how many users it handled. */
    public Uni<Integer> run() {
        Instant now = Instant.now();
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select distinct user_id from payment_grant where (status = 'active' and period_end < :due)"
                                + " or (status = 'past_due' and past_due_since < :graceEnded) limit " + USERS_PER_ROUND, String.class)
                        .setParameter("due", now.minus(config.renewalLeeway()))
                        .setParameter("graceEnded", now.minus(config.grace()))
                        .getResultList()))
                .chain(users -> handleEach(users, now));
    }

    private Uni<Integer> handleEach(List<String> users, Instant now) {
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (String userId : users) {
            // One user's failure (Stripe down) must not hold back the others: it is retried next round.
            chain = chain.chain(done -> Panache.withTransaction(() -> expireDue(userId, now)).replaceWith(done + 1)
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("lifecycle of user %s failed, retried next round: %s", userId, failure.getMessage());
                        return done;
                    }));
        }
        return chain;
    }

    private Uni<Void> expireDue(String userId, Instant now) {
        return ledger.lockUser(userId).chain(subscription -> PaymentGrant.<PaymentGrant>list("userId = ?1 and status <> 'expired'", userId)
                .chain(grants -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (PaymentGrant grant : grants) {
                        chain = chain.chain(() -> settle(grant, now));
                    }
                    return chain.chain(() -> ledger.recompute(subscription, now)).replaceWithVoid();
                }));
    }

    private Uni<Void> settle(PaymentGrant grant, Instant now) {
        Uni<Void> refreshed = ledger.renewalOverdue(grant, now) && PaymentGrant.STRIPE.equals(grant.source)
                ? stripe.refresh(grant.userId, grant.externalId, now) : Uni.createFrom().voidItem();
        return refreshed.invoke(() -> {
            ledger.endIfGraceOver(grant, now);
            if (ledger.renewalOverdue(grant, now)) {
                grant.status = "expired";
                grant.endedReason = "not-renewed";
                grant.updatedAt = now;
            }
        });
    }
}
