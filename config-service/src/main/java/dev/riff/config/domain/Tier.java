package dev.riff.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.Setting;
import java.time.Instant;
import java.util.Locale;

/** Subscription tiers and what each lets a guild have; settings above its tier are capped, never rewritten. */
public enum Tier {
    FREE,
    PREMIUM;

    /** The tier an entitlement grants now: free without one, once it expired, or when billing ended it. */
    public static Tier of(GuildEntitlement entitlement, Instant now) {
        if (entitlement == null || !"active".equals(entitlement.status)
                || (entitlement.expiresAt != null && !entitlement.expiresAt.isAfter(now))) {
            return FREE;
        }
        return "premium".equals(entitlement.tier) ? PREMIUM : FREE;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value this tier allows in place of {@code value}: the free tier's caps are the catalogue's. */
    public JsonNode cap(Setting setting, JsonNode value) {
        return this == FREE ? setting.capForFreeTier(value) : value;
    }
}
