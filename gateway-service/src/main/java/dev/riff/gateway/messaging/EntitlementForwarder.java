package dev.riff.gateway.messaging;

import dev.riff.contracts.DiscordEntitlementChanged;
import dev.riff.contracts.EventTypes;
import dev.riff.support.messaging.Outbox;
import dev.riff.support.reactive.OnVertxContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import net.dv8tion.jda.api.entities.Entitlement;
import net.dv8tion.jda.api.events.entitlement.EntitlementCreateEvent;
import net.dv8tion.jda.api.events.entitlement.EntitlementDeleteEvent;
import net.dv8tion.jda.api.events.entitlement.EntitlementUpdateEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.jboss.logging.Logger;

/**
 * Discord's premium apps: entitlements (purchases in the app's Discord store) go to billing through
 * Kafka, which grants the same plans as Stripe. Every gateway event is forwarded whole, and on each
 * start shard 0 lists all entitlements again, so one missed while the gateway was away is made good.
 */
@ApplicationScoped
public class EntitlementForwarder extends ListenerAdapter {

    private static final Logger LOG = Logger.getLogger(EntitlementForwarder.class);

    private final Outbox outbox;
    private final OnVertxContext vertx;

    EntitlementForwarder(Outbox outbox, OnVertxContext vertx) {
        this.outbox = outbox;
        this.vertx = vertx;
    }

    @Override
    public void onEntitlementCreate(EntitlementCreateEvent event) {
        forward(event.getEntitlement(), "created");
    }

    @Override
    public void onEntitlementUpdate(EntitlementUpdateEvent event) {
        forward(event.getEntitlement(), "updated");
    }

    @Override
    public void onEntitlementDelete(EntitlementDeleteEvent event) {
        forward(event.getEntitlement(), "deleted");
    }

    @Override
    public void onReady(ReadyEvent event) {
        if (event.getJDA().getShardInfo().getShardId() != 0) {
            return;
        }
        event.getJDA().retrieveEntitlements().excludeEnded(false).forEachAsync(entitlement -> {
            forward(entitlement, "listed");
            return true;
        }).exceptionally(failure -> {
            LOG.warnf("Could not list the app's entitlements to reconcile: %s", failure.toString());
            return null;
        });
    }

    /** Recorded in the outbox, retried while the database is away: a purchase is never dropped on the floor. */
    void forward(Entitlement entitlement, String change) {
        String user = entitlement.getUserIdLong() != 0 ? entitlement.getUserId() : null;
        String guild = entitlement.getGuildIdLong() != 0 ? entitlement.getGuildId() : null;
        var data = new DiscordEntitlementChanged(entitlement.getId(), entitlement.getSkuId(), user, guild, entitlement.getType().getKey(),
                entitlement.isDeleted(), instant(entitlement.getTimeStarting()), instant(entitlement.getTimeEnding()),
                entitlement.isConsumed(), change);
        String key = user != null ? user : guild;
        vertx.transaction(() -> outbox.publish(EventTypes.DISCORD_ENTITLEMENT_CHANGED, entitlement.getId(), key, data))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30)
                .subscribe().with(ok -> { }, failure -> LOG.errorf(failure, "Could not record entitlement %s (%s) for user %s; the next start lists it again",
                        entitlement.getId(), change, user));
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
