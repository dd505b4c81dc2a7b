package dev.riff.billing.service;

import dev.riff.billing.config.BillingConfig;
import dev.riff.billing.domain.GuildPremiumState;
import dev.riff.billing.domain.PremiumGuild;
import dev.riff.billing.domain.UserSubscription;
import dev.riff.contracts.GuildEntitlement;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * A user puts premium on a server or takes it off. Limited by the plan's server count, and a server
 * keeps premium for the move cooldown before it can be moved, so premium cannot hop between servers.
 */
@ApplicationScoped
public class PremiumServers {

    private final PremiumLedger ledger;
    private final BillingConfig config;

    PremiumServers(PremiumLedger ledger, BillingConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    public Uni<UserSubscription> activate(String userId, String guildId) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> ledger.lockUser(userId).chain(subscription -> PremiumGuild.<PremiumGuild>findById(guildId)
                .chain(existing -> {
                    if (existing != null && existing.userId.equals(userId)) {
                        return Uni.createFrom().item(subscription);
                    }
                    if (existing != null) {
                        throw new PremiumRefusal(409, "guild-taken", "this server already has premium from another member");
                    }
                    if (!subscription.plan().paid() || !(subscription.status.equals("active") || subscription.status.equals("past_due"))) {
                        throw new PremiumRefusal(402, "no-subscription", "a premium subscription is needed to activate servers");
                    }
                    return PremiumGuild.count("userId", userId).chain(count -> {
                        if (count >= subscription.premiumServers) {
                            throw new PremiumRefusal(409, "no-free-slot", "your plan covers " + subscription.premiumServers
                                    + " server(s) and all are in use; deactivate one first");
                        }
                        PremiumGuild allocation = new PremiumGuild();
                        allocation.guildId = guildId;
                        allocation.userId = userId;
                        allocation.activatedAt = now;
                        return allocation.persist().chain(() -> ledger.recompute(subscription, now));
                    });
                })));
    }

    public Uni<UserSubscription> deactivate(String userId, String guildId) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> ledger.lockUser(userId).chain(subscription -> PremiumGuild.<PremiumGuild>findById(guildId)
                .chain(existing -> {
                    if (existing == null || !existing.userId.equals(userId)) {
                        throw new PremiumRefusal(404, "not-activated", "you have not put premium on this server");
                    }
                    Instant movable = existing.activatedAt.plus(config.moveCooldown());
                    if (now.isBefore(movable)) {
                        throw new PremiumRefusal(409, "move-cooldown", "premium on this server can be moved from " + movable);
                    }
                    return existing.delete()
                            .chain(() -> ledger.announce(new GuildEntitlement(guildId, PremiumLedger.TIER_PREMIUM, "cancelled", null, null), now))
                            .chain(() -> ledger.recompute(subscription, now));
                })));
    }

    /** A user's subscription (null: never seen, so free) and premium servers, with what each server has now. */
    public record Overview(UserSubscription subscription, List<PremiumGuild> allocations, List<GuildPremiumState> states) {
    }

    public Uni<Overview> overview(String userId) {
        return Panache.withSession(() -> UserSubscription.<UserSubscription>find("userId", userId).firstResult()
                .chain(subscription -> PremiumGuild.<PremiumGuild>list("userId = ?1 order by activatedAt, guildId", userId)
                        .chain(allocations -> {
                            List<String> ids = allocations.stream().map(a -> a.guildId).toList();
                            Uni<List<GuildPremiumState>> states = ids.isEmpty() ? Uni.createFrom().item(List.of())
                                    : GuildPremiumState.list("guildId in ?1", ids);
                            return states.map(found -> new Overview(subscription, allocations, found));
                        })));
    }
}
