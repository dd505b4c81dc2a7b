package dev.riff.billing.messaging;

import dev.riff.billing.service.DiscordBilling;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.DiscordEntitlementChanged;
import dev.riff.contracts.EventTypes;
import dev.riff.support.messaging.CloudEventReader;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Discord store entitlements from the gateway, in order per user; a failing one is retried in place for about 90 s. */
@ApplicationScoped
public class DiscordEntitlementsConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("discord-entitlements", 20);

    private final DiscordBilling discord;

    DiscordEntitlementsConsumer(DiscordBilling discord) {
        this.discord = discord;
    }

    @Incoming("discord-entitlements")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.DISCORD_ENTITLEMENT_CHANGED.name().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        DiscordEntitlementChanged entitlement = CloudEventReader.data(event, EventTypes.DISCORD_ENTITLEMENT_CHANGED);
        CloudEventReader.require(snowflake(entitlement.entitlementId()) && snowflake(entitlement.skuId())
                        && (snowflake(entitlement.userId()) || snowflake(entitlement.guildId()))
                        && (entitlement.guildId() == null || snowflake(entitlement.guildId())),
                event, "entitlementId, skuId and a userId or guildId must be Discord snowflake ids");
        return discord.apply(entitlement);
    }

    private static boolean snowflake(String id) {
        return id != null && id.matches("[0-9]{17,20}");
    }
}
