package dev.riff.billing.service;

import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import dev.riff.billing.client.StripeApi;
import dev.riff.billing.config.BillingConfig;
import dev.riff.billing.domain.PaymentGrant;
import dev.riff.billing.domain.Plan;
import dev.riff.billing.domain.UserSubscription;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Premium paid through Stripe: checkout and portal links, and Stripe's webhook events.
 *
 * <p>An event is only a hint that something changed. Under the user's lock, billing reads the
 * subscription's (or charge's) current state from Stripe and mirrors that, so an event arriving
 * twice, late or out of order leaves the same result, and a lost event is made good by the next.
 */
@ApplicationScoped
public class StripeBilling {

    /** What became of a webhook event, as recorded and answered. */
    public enum Outcome { APPLIED, DUPLICATE, IGNORED, UNMATCHED }

    private static final Logger LOG = Logger.getLogger(StripeBilling.class);

    private final StripeApi stripe;
    private final PremiumLedger ledger;
    private final BillingConfig config;

    StripeBilling(StripeApi stripe, PremiumLedger ledger, BillingConfig config) {
        this.stripe = stripe;
        this.ledger = ledger;
        this.config = config;
    }

    /** A Checkout Session for the plan; the member pays on Stripe's page and the webhook does the rest. */
    public Uni<Session> checkout(String userId, Plan plan) {
        BillingConfig.PlanOffer offer = config.plans().get(plan.wireName());
        if (!plan.paid() || offer == null) {
            throw new PremiumRefusal(400, "unknown-plan", "there is no paid plan named " + plan.wireName());
        }
        return Panache.withTransaction(() -> ledger.lockUser(userId).chain(subscription -> PaymentGrant
                .count("userId = ?1 and source = ?2 and status <> 'expired'", userId, PaymentGrant.STRIPE).chain(live -> {
                    if (live > 0) {
                        throw new PremiumRefusal(409, "already-subscribed",
                                "you already have a subscription; change or cancel it with /premium manage");
                    }
                    return customerOf(subscription)
                            .chain(customer -> stripe.createCheckout(customer, userId, plan.wireName(), offer.stripePrice()));
                })));
    }

    /** A Customer Portal link, where the member changes their plan, payment method or cancels. */
    public Uni<String> portal(String userId) {
        return Panache.withSession(() -> UserSubscription.<UserSubscription>find("userId", userId).firstResult())
                .chain(subscription -> {
                    if (subscription == null || subscription.stripeCustomerId == null) {
                        throw new PremiumRefusal(404, "no-customer", "you have not subscribed through Stripe yet; use /premium buy");
                    }
                    return stripe.createPortal(subscription.stripeCustomerId);
                });
    }

    /**
     * Handles a verified event once. A second delivery of an event is a duplicate (200, nothing
     * changes); the same signed request twice is a replay, refused before this is called.
     */
    public Uni<Outcome> handle(Event event, long signatureTimestamp) {
        StripeObject object = dataObject(event);
        Target target = target(event.getType(), object);
        if (target == null) {
            return record(event, signatureTimestamp, Outcome.IGNORED).map(inserted -> inserted ? Outcome.IGNORED : Outcome.DUPLICATE);
        }
        return Panache.withSession(() -> userOf(target)).chain(userId -> {
            if (userId == null) {
                LOG.warnf("Stripe event %s (%s) names customer %s, whom no user has", event.getId(), event.getType(), target.customerId());
                return record(event, signatureTimestamp, Outcome.UNMATCHED).map(inserted -> inserted ? Outcome.UNMATCHED : Outcome.DUPLICATE);
            }
            Instant now = Instant.now();
            return Panache.withTransaction(() -> insertEvent(event, signatureTimestamp, Outcome.APPLIED).chain(inserted -> {
                if (!inserted) {
                    return Uni.createFrom().item(Outcome.DUPLICATE);
                }
                return ledger.lockUser(userId).chain(subscription -> {
                    if (target.customerId() != null && subscription.stripeCustomerId == null) {
                        subscription.stripeCustomerId = target.customerId();
                    }
                    Uni<Void> applied = target.refundedCharge() != null
                            ? refund(userId, target.refundedCharge(), now)
                            : target.subscriptionId() != null
                                    ? stripe.subscription(target.subscriptionId()).chain(current -> mirror(userId, current, null, now))
                                    : Uni.createFrom().voidItem();
                    return applied.chain(() -> ledger.recompute(subscription, now)).replaceWith(Outcome.APPLIED);
                });
            }));
        });
    }

    /** Re-reads a Stripe subscription and mirrors it (the lifecycle job, when a renewal is overdue). Inside the user's lock. */
    public Uni<Void> refresh(String userId, String subscriptionId, Instant now) {
        return stripe.subscription(subscriptionId).chain(current -> mirror(userId, current, null, now));
    }

    /** Whether an event of this id already came with this signature time: the same signed request again. */
    public Uni<Boolean> isReplay(String eventId, long signatureTimestamp) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from stripe_event where id = :id and signature_timestamp = :t", Long.class)
                .setParameter("id", eventId).setParameter("t", signatureTimestamp).getSingleResult())).map(count -> count > 0);
    }

    private Uni<Boolean> record(Event event, long signatureTimestamp, Outcome outcome) {
        return Panache.withTransaction(() -> insertEvent(event, signatureTimestamp, outcome));
    }

    private static Uni<Boolean> insertEvent(Event event, long signatureTimestamp, Outcome outcome) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into stripe_event (id, type, signature_timestamp, outcome) values (:id, :type, :t, :outcome)"
                        + " on conflict (id) do nothing")
                .setParameter("id", event.getId()).setParameter("type", event.getType())
                .setParameter("t", signatureTimestamp).setParameter("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** The user's Stripe customer; made (and remembered) on first checkout. Inside the user's lock. */
    private Uni<String> customerOf(UserSubscription subscription) {
        if (subscription.stripeCustomerId != null) {
            return Uni.createFrom().item(subscription.stripeCustomerId);
        }
        return stripe.createCustomer(subscription.userId).invoke(customer -> subscription.stripeCustomerId = customer);
    }

    /** A full refund ends the subscription it paid for at once: cancelled at Stripe, and premium taken back now. */
    private Uni<Void> refund(String userId, String chargeId, Instant now) {
        return stripe.charge(chargeId).chain(charge -> {
            if (!Boolean.TRUE.equals(charge.getRefunded())) {
                return Uni.createFrom().voidItem();
            }
            return PaymentGrant.<PaymentGrant>list("userId = ?1 and source = ?2 and status <> 'expired'", userId, PaymentGrant.STRIPE)
                    .chain(grants -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (PaymentGrant grant : grants) {
                            chain = chain.chain(() -> stripe.cancel(grant.externalId))
                                    .chain(cancelled -> mirror(userId, cancelled, "refunded", now));
                        }
                        return chain;
                    });
        });
    }

    /** Writes the subscription's current state into its grant. */
    private Uni<Void> mirror(String userId, Subscription current, String endedReason, Instant now) {
        Optional<Plan> plan = planOf(current);
        if (plan.isEmpty()) {
            LOG.warnf("Stripe subscription %s sells no plan billing knows (prices %s): left alone", current.getId(), prices(current));
            return Uni.createFrom().voidItem();
        }
        return PaymentGrant.<PaymentGrant>find("source = ?1 and externalId = ?2", PaymentGrant.STRIPE, current.getId()).firstResult()
                .chain(found -> {
                    PaymentGrant grant = found != null ? found : new PaymentGrant();
                    if (found == null) {
                        grant.id = UUID.randomUUID();
                        grant.source = PaymentGrant.STRIPE;
                        grant.externalId = current.getId();
                    }
                    grant.userId = userId;
                    grant.plan = plan.get().wireName();
                    grant.providerStatus = current.getStatus();
                    grant.periodEnd = periodEnd(current);
                    switch (current.getStatus()) {
                        case "active", "trialing" -> {
                            grant.status = "active";
                            grant.pastDueSince = null;
                            grant.endedReason = null;
                        }
                        case "past_due" -> {
                            grant.pastDueSince = grant.pastDueSince != null ? grant.pastDueSince : now;
                            grant.status = "past_due";
                        }
                        default -> {
                            grant.status = "expired";
                            grant.endedReason = endedReason != null ? endedReason
                                    : grant.endedReason != null ? grant.endedReason : current.getStatus();
                        }
                    }
                    grant.updatedAt = now;
                    ledger.endIfGraceOver(grant, now);
                    return (found != null ? Uni.createFrom().item(grant) : grant.persist()).replaceWithVoid();
                });
    }

    private Optional<Plan> planOf(Subscription subscription) {
        for (String price : prices(subscription)) {
            for (Map.Entry<String, BillingConfig.PlanOffer> offer : config.plans().entrySet()) {
                if (offer.getValue().stripePrice().equals(price)) {
                    return Plan.named(offer.getKey()).filter(Plan::paid);
                }
            }
        }
        return Optional.empty();
    }

    private static java.util.List<String> prices(Subscription subscription) {
        if (subscription.getItems() == null || subscription.getItems().getData() == null) {
            return java.util.List.of();
        }
        return subscription.getItems().getData().stream().map(SubscriptionItem::getPrice).filter(Objects::nonNull)
                .map(com.stripe.model.Price::getId).toList();
    }

    /** Since API 2025-03-31 the period lives on each item; the subscription's is the latest. */
    private static Instant periodEnd(Subscription subscription) {
        if (subscription.getItems() == null || subscription.getItems().getData() == null) {
            return null;
        }
        return subscription.getItems().getData().stream().map(SubscriptionItem::getCurrentPeriodEnd).filter(Objects::nonNull)
                .max(Long::compare).map(Instant::ofEpochSecond).orElse(null);
    }

    /** What an event is about: the subscription to re-read, the charge refunded, and who to find it by. */
    private record Target(String userId, String customerId, String subscriptionId, String refundedCharge) {
    }

    private static Target target(String type, StripeObject object) {
        return switch (type) {
            case "checkout.session.completed" -> object instanceof Session session && "subscription".equals(session.getMode())
                    ? new Target(session.getClientReferenceId(), session.getCustomer(), session.getSubscription(), null) : null;
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
                 "customer.subscription.paused", "customer.subscription.resumed" -> object instanceof Subscription subscription
                    ? new Target(metadata(subscription.getMetadata()), subscription.getCustomer(), subscription.getId(), null) : null;
            case "invoice.paid", "invoice.payment_failed", "invoice.payment_succeeded" -> object instanceof Invoice invoice
                    && invoice.getParent() != null && invoice.getParent().getSubscriptionDetails() != null
                    ? new Target(metadata(invoice.getParent().getSubscriptionDetails().getMetadata()), invoice.getCustomer(),
                            invoice.getParent().getSubscriptionDetails().getSubscription(), null) : null;
            case "charge.refunded" -> object instanceof Charge charge ? new Target(null, charge.getCustomer(), null, charge.getId()) : null;
            default -> null;
        };
    }

    private static String metadata(Map<String, String> metadata) {
        return metadata == null ? null : metadata.get(StripeApi.USER_METADATA);
    }

    /** The user an event is for: named in its metadata, or the one whose Stripe customer it is. */
    private static Uni<String> userOf(Target target) {
        if (target.userId() != null && target.userId().matches("[0-9]{17,20}")) {
            return Uni.createFrom().item(target.userId());
        }
        if (target.customerId() == null) {
            return Uni.createFrom().nullItem();
        }
        return UserSubscription.<UserSubscription>find("stripeCustomerId", target.customerId()).firstResult()
                .map(subscription -> subscription == null ? null : subscription.userId);
    }

    private static StripeObject dataObject(Event event) {
        var deserializer = event.getDataObjectDeserializer();
        return deserializer.getObject().orElseGet(() -> {
            try {
                // An endpoint pinned to another API version: the fields billing reads are the same.
                return deserializer.deserializeUnsafe();
            } catch (com.stripe.exception.EventDataObjectDeserializationException e) {
                throw new PremiumRefusal(400, "unreadable-event", "the event's object cannot be read: " + e.getMessage());
            }
        });
    }
}
