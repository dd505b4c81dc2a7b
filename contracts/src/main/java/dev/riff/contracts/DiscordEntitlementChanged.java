package dev.riff.contracts;

import java.time.Instant;

/**
 * A Discord entitlement (a purchase in the app's Discord store) as the gateway saw it: data of
 * {@link EventTypes#DISCORD_ENTITLEMENT_CHANGED}, keyed by user id. Carries the entitlement's whole
 * state, so applying it twice changes nothing.
 *
 * @param userId  who bought it; for a guild subscription, the member who did
 * @param guildId for a guild subscription, the guild it is for; null for a user's own
 * @param type    Discord's entitlement type (8: an application subscription)
 * @param endsAt  when it ends (a subscription's current period); null for no end
 * @param change  created, updated, deleted (Discord's three gateway events) or listed (the gateway's reconciliation)
 */
public record DiscordEntitlementChanged(String entitlementId, String skuId, String userId, String guildId, int type, boolean deleted,
        Instant startsAt, Instant endsAt, boolean consumed, String change) {
}
