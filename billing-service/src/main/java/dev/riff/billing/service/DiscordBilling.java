package dev.riff.billing.service;

import dev.riff.billing.config.BillingConfig;
import dev.riff.billing.domain.PaymentGrant;
import dev.riff.billing.domain.Plan;
import dev.riff.contracts.DiscordEntitlementChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Premium bought in Discord's own store: an entitlement to one of the plans' SKUs is a grant like a
 * Stripe subscription. A user SKU's plan covers the user's premium servers as a Stripe plan does; a
 * guild SKU's entitlement gives its guild premium directly. The entitlement's state is mirrored as
 * it arrives whole, so a repeat changes nothing.
 */
@ApplicationScoped
public class DiscordBilling {

    private static final Logger LOG = Logger.getLogger(DiscordBilling.class);

    private final PremiumLedger ledger;
    private final BillingConfig config;

    DiscordBilling(PremiumLedger ledger, BillingConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    public Uni<Void> apply(DiscordEntitlementChanged entitlement) {
        Optional<Plan> plan = planOf(entitlement.skuId());
        if (plan.isEmpty()) {
            LOG.debugf("entitlement %s is for SKU %s, which sells no plan", entitlement.entitlementId(), entitlement.skuId());
            return Uni.createFrom().voidItem();
        }
        // A guild's test entitlement names no user: the guild stands in as its owner.
        String owner = entitlement.userId() != null ? entitlement.userId() : entitlement.guildId();
        Instant now = Instant.now();
        return Panache.withTransaction(() -> ledger.lockUser(owner).chain(subscription -> PaymentGrant.<PaymentGrant>find(
                        "source = ?1 and externalId = ?2", PaymentGrant.DISCORD, entitlement.entitlementId()).firstResult()
                .chain(found -> {
                    PaymentGrant grant = found != null ? found : new PaymentGrant();
                    if (found == null) {
                        grant.id = UUID.randomUUID();
                        grant.source = PaymentGrant.DISCORD;
                        grant.externalId = entitlement.entitlementId();
                    }
                    grant.userId = owner;
                    grant.plan = plan.get().wireName();
                    grant.guildId = entitlement.guildId();
                    grant.periodEnd = entitlement.endsAt();
                    boolean ended = entitlement.deleted() || "deleted".equals(entitlement.change())
                            || (entitlement.endsAt() != null && !entitlement.endsAt().isAfter(now));
                    grant.providerStatus = entitlement.deleted() || "deleted".equals(entitlement.change()) ? "deleted"
                            : ended ? "ended" : "active";
                    grant.status = ended ? "expired" : "active";
                    grant.endedReason = ended ? grant.providerStatus : null;
                    grant.updatedAt = now;
                    return (found != null ? Uni.createFrom().item(grant) : grant.persist())
                            .chain(() -> ledger.recompute(subscription, now)).replaceWithVoid();
                })));
    }

    private Optional<Plan> planOf(String skuId) {
        for (Map.Entry<String, BillingConfig.PlanOffer> offer : config.plans().entrySet()) {
            if (offer.getValue().discordSku().filter(skuId::equals).isPresent()
                    || offer.getValue().discordGuildSku().filter(skuId::equals).isPresent()) {
                return Plan.named(offer.getKey()).filter(Plan::paid);
            }
        }
        return Optional.empty();
    }
}
