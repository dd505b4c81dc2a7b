package dev.riff.billing.rest;

import dev.riff.billing.domain.GuildPremiumState;
import dev.riff.billing.domain.PremiumGuild;
import dev.riff.billing.domain.UserSubscription;
import dev.riff.billing.service.UsageMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What {@code /premium status} shows: the user's plan, its grants, their servers and this month's usage. */
public record PremiumStatus(String userId, String plan, String status, String source, Instant expiresAt, Instant graceUntil,
        Grants grants, List<Server> servers, Usage usage) {

    /** What the plan grants; -1 is unlimited. */
    public record Grants(int premiumServers, int monthlyPlayMinutes, int monthlyRequests, boolean customBot, boolean prioritySupport) {
    }

    /** A server the user put premium on: whether it has premium now, and from when it may be moved. */
    public record Server(String guildId, String status, Instant activatedAt, Instant movableFrom) {
    }

    /** This month's usage and the allowances it is over (soft: nothing stops). */
    public record Usage(String month, long playMinutes, long requests, List<String> overQuota) {
    }

    static PremiumStatus of(UserSubscription subscription, List<PremiumGuild> allocations, List<GuildPremiumState> states,
            UsageMeter.Usage usage, Duration moveCooldown) {
        Map<String, GuildPremiumState> byGuild = states.stream().collect(Collectors.toMap(s -> s.guildId, Function.identity()));
        List<Server> servers = allocations.stream().map(a -> new Server(a.guildId,
                byGuild.containsKey(a.guildId) ? byGuild.get(a.guildId).status : "pending", a.activatedAt,
                a.activatedAt.plus(moveCooldown))).toList();
        return new PremiumStatus(subscription.userId, subscription.tier, subscription.status, subscription.source, subscription.expiresAt,
                subscription.graceUntil, new Grants(subscription.premiumServers, subscription.monthlyPlayTime, subscription.monthlyRequests,
                        subscription.customBotEnabled, subscription.prioritySupport), servers,
                new Usage(usage.month(), usage.playMinutes(), usage.requests(), UsageMeter.overQuota(subscription.plan(), usage)));
    }
}
