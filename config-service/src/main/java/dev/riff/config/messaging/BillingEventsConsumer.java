package dev.riff.config.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.riff.config.service.EntitlementService;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.GuildEntitlement;
import dev.riff.support.reactive.OnVertxContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies billing's premium-server changes, one record at a time in partition (so per guild) order.
 * A malformed record is logged and skipped; a database failure is retried until it succeeds, so no
 * change is skipped and none overtakes another.
 */
@ApplicationScoped
public class BillingEventsConsumer {

    private static final Logger LOG = Logger.getLogger(BillingEventsConsumer.class);

    private final EntitlementService entitlements;
    private final OnVertxContext vertx;

    BillingEventsConsumer(EntitlementService entitlements, OnVertxContext vertx) {
        this.entitlements = entitlements;
        this.vertx = vertx;
    }

    @Incoming("billing-events")
    public Uni<Void> consume(String record) {
        CloudEvent event;
        GuildEntitlement change;
        try {
            event = CloudEventCodec.read(record);
            if (!EventTypes.PREMIUM_SERVER_CHANGED.name().equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            change = CloudEventCodec.mapper().treeToValue(event.data(), GuildEntitlement.class);
        } catch (IllegalArgumentException | JsonProcessingException malformed) {
            LOG.warnf("skipping a billing.events record that is not a valid event: %s", malformed.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (change == null || change.guildId() == null || change.tier() == null || change.status() == null || change.changedAt() == null) {
            LOG.warnf("skipping %s %s: guildId, tier, status and changedAt are required", event.type(), event.id());
            return Uni.createFrom().voidItem();
        }
        return vertx.run(() -> entitlements.apply(event.id(), change))
                .onFailure().invoke(e -> LOG.warnf("applying %s failed, retrying: %s", event.id(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .replaceWithVoid();
    }
}
