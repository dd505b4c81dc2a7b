package dev.riff.contracts;

import java.time.Instant;

/**
 * webhook-service disabled one of a guild's endpoints (410 Gone, or failing for days): data of
 * {@link EventTypes#WEBHOOK_ENDPOINT_DISABLED}, keyed by guild. The gateway tells the guild's admins.
 */
public record WebhookEndpointDisabled(String guildId, String endpointId, String url, String reason, Instant disabledAt) {
}
