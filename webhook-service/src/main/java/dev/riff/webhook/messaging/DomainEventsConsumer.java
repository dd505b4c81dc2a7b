package dev.riff.webhook.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.GuildEntitlement;
import dev.riff.support.messaging.CloudEventReader;
import dev.riff.support.messaging.ConsumerPolicy;
import dev.riff.webhook.service.Fanout;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The domain events guilds may subscribe to (playback.events, config.events) become messages; a
 * guild's entitlement changes also set how many endpoints it may have.
 */
@ApplicationScoped
public class DomainEventsConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("domain-events", 10);

    private final Fanout fanout;
    private final Pool pool;

    DomainEventsConsumer(Fanout fanout, Pool pool) {
        this.fanout = fanout;
        this.pool = pool;
    }

    @Incoming("domain-events")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        Uni<Void> tier = Uni.createFrom().voidItem();
        if (EventTypes.ENTITLEMENT_CHANGED.name().equals(event.type())) {
            GuildEntitlement entitlement = CloudEventReader.data(event, EventTypes.ENTITLEMENT_CHANGED);
            CloudEventReader.require(entitlement.guildId() != null && entitlement.changedAt() != null, event, "guildId and changedAt are required");
            tier = pool.preparedQuery("insert into guild_tier (guild_id, tier, status, expires_at, changed_at) values ($1, $2, $3, $4, $5)"
                            + " on conflict (guild_id) do update set tier = excluded.tier, status = excluded.status, expires_at = excluded.expires_at,"
                            + " changed_at = excluded.changed_at where guild_tier.changed_at < excluded.changed_at")
                    .execute(Tuple.of(entitlement.guildId(), entitlement.tier(), entitlement.status(),
                            entitlement.expiresAt() == null ? null : entitlement.expiresAt().atOffset(ZoneOffset.UTC),
                            entitlement.changedAt().atOffset(ZoneOffset.UTC)))
                    .replaceWithVoid();
        }
        return tier.chain(() -> fanout.fanOut(event)).replaceWithVoid();
    }
}
