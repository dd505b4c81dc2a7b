package dev.riff.contracts;

import java.time.Instant;

/**
 * The subscription tier billing grants a guild: data of {@link EventTypes#PREMIUM_SERVER_CHANGED}
 * (billing's change) and of {@link EventTypes#ENTITLEMENT_CHANGED} (config-service applied it).
 *
 * @param tier      {@code free} or {@code premium}; an unknown tier counts as free
 * @param status    {@code active}, {@code expired} or {@code cancelled}; only active grants the tier
 * @param expiresAt when the grant ends, or null for no end
 * @param changedAt when billing made the change; a guild's newer change wins, an older one is stale
 */
public record GuildEntitlement(String guildId, String tier, String status, Instant expiresAt, Instant changedAt) {
}
