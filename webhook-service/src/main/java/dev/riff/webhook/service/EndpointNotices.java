package dev.riff.webhook.service;

import dev.riff.contracts.EventTypes;
import dev.riff.contracts.WebhookEndpointDisabled;
import dev.riff.support.messaging.Outbox;
import dev.riff.support.reactive.OnVertxContext;
import dev.riff.webhook.domain.WebhookSubscription;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Disables an endpoint and, in the same transaction, announces it through the outbox, so the
 * guild's admins are told in Discord (by the gateway) exactly when it happened, once.
 */
@ApplicationScoped
public class EndpointNotices {

    private static final Logger LOG = Logger.getLogger(EndpointNotices.class);

    private final Outbox outbox;
    private final OnVertxContext vertx;

    EndpointNotices(Outbox outbox, OnVertxContext vertx) {
        this.outbox = outbox;
        this.vertx = vertx;
    }

    /** @return whether this call disabled it (false: it was already disabled, or is gone) */
    public Uni<Boolean> disable(UUID subscriptionId, String reason) {
        return vertx.transaction(() -> WebhookSubscription.<WebhookSubscription>findById(subscriptionId, LockModeType.PESSIMISTIC_WRITE)
                .chain(subscription -> {
                    if (subscription == null || !subscription.active) {
                        return Uni.createFrom().item(false);
                    }
                    Instant now = Instant.now();
                    subscription.active = false;
                    subscription.disabledReason = reason;
                    subscription.updatedAt = now;
                    LOG.infof("Disabling webhook endpoint %s of guild %s: %s", subscription.id, subscription.guildId, reason);
                    return Panache.getSession().chain(session -> session.createNativeQuery("update webhook_message set status = 'skipped',"
                                    + " leased_until = null where subscription_id = :id and status = 'pending'")
                                    .setParameter("id", subscriptionId).executeUpdate())
                            .chain(() -> outbox.publish(EventTypes.WEBHOOK_ENDPOINT_DISABLED, subscription.id.toString(), subscription.guildId,
                                    new WebhookEndpointDisabled(subscription.guildId, subscription.id.toString(), subscription.url, reason, now)))
                            .replaceWith(true);
                }));
    }
}
