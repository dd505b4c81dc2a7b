package dev.riff.config.messaging;

import dev.riff.config.service.EntitlementService;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.GuildEntitlement;
import dev.riff.support.messaging.CloudEventReader;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies billing's premium-server changes, one record at a time in partition (so per guild) order.
 * A database failure is retried in place for about 90 s, so no change overtakes another; a record
 * that cannot be read, or still fails, goes to config.dead-letter.
 */
@ApplicationScoped
public class BillingEventsConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("billing-events", 20);

    private final EntitlementService entitlements;

    BillingEventsConsumer(EntitlementService entitlements) {
        this.entitlements = entitlements;
    }

    @Incoming("billing-events")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.PREMIUM_SERVER_CHANGED.name().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        GuildEntitlement change = CloudEventReader.data(event, EventTypes.PREMIUM_SERVER_CHANGED);
        CloudEventReader.require(change.guildId() != null && change.tier() != null && change.status() != null
                && change.changedAt() != null, event, "guildId, tier, status and changedAt are required");
        // ConsumerPolicy runs each try on its own safe Vert.x context, as Hibernate Reactive needs.
        return entitlements.apply(event.id(), change).replaceWithVoid();
    }
}
