package dev.riff.config.service;

import dev.riff.config.domain.GuildEntitlement;
import dev.riff.contracts.EventTypes;
import dev.riff.support.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The tier billing grants each guild. A guild's changes apply in billing's order: a change older
 * than (or as old as) the stored one is stale or a redelivery and changes nothing, so consuming is
 * idempotent and a late event never undoes a newer one.
 */
@ApplicationScoped
public class EntitlementService {

    private final Outbox outbox;
    private final EffectiveConfigurationCache cache;

    EntitlementService(Outbox outbox, EffectiveConfigurationCache cache) {
        this.outbox = outbox;
        this.cache = cache;
    }

    /** Stored entitlement of the guild, or null (free). Call inside a session. */
    public Uni<GuildEntitlement> find(String guildId) {
        return GuildEntitlement.findById(guildId);
    }

    /** @return whether the change was newer than what was stored and so applied (and announced) */
    public Uni<Boolean> apply(String eventId, dev.riff.contracts.GuildEntitlement change) {
        // PostgreSQL keeps microseconds: compare at that precision, or a redelivery would look newer.
        Instant changedAt = change.changedAt().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> GuildEntitlement.<GuildEntitlement>findById(change.guildId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(stored -> {
                    if (stored != null && !stored.changedAt.isBefore(changedAt)) {
                        return Uni.createFrom().item(false);
                    }
                    GuildEntitlement entitlement = stored != null ? stored : new GuildEntitlement();
                    entitlement.guildId = change.guildId();
                    entitlement.tier = change.tier();
                    entitlement.status = change.status();
                    entitlement.expiresAt = change.expiresAt();
                    entitlement.changedAt = changedAt;
                    entitlement.eventId = eventId;
                    entitlement.updatedAt = Instant.now();
                    Uni<?> saved = stored != null ? Uni.createFrom().item(entitlement) : entitlement.persist();
                    return saved.chain(() -> outbox.publish(EventTypes.ENTITLEMENT_CHANGED, change.guildId(), change.guildId(), change))
                            .replaceWith(true);
                }))
                .call(applied -> applied ? cache.invalidate(change.guildId()) : Uni.createFrom().voidItem());
    }
}
