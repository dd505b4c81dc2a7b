package dev.riff.contracts;

import java.time.Instant;

/**
 * A user's subscription as billing now sees it: data of {@link EventTypes#SUBSCRIPTION_CHANGED},
 * keyed by user id.
 *
 * @param plan           free, basic, premium or enterprise
 * @param status         none, active, past_due (payment failed, premium kept until {@code graceUntil}) or expired
 * @param source         stripe or discord; null on free
 * @param premiumServers how many servers the plan lets the user put premium on
 */
public record SubscriptionChanged(String userId, String plan, String status, String source, Instant expiresAt,
        Instant graceUntil, int premiumServers, Instant changedAt) {
}
