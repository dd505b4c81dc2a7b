package dev.riff.config.domain;

import java.time.Instant;
import java.util.List;

/** Subscription tiers and what each lets a guild enable; settings above its tier are capped, never rewritten. */
public enum Tier {
    FREE(List.of("spotifyEnabled", "appleMusicEnabled", "deezerEnabled", "advancedSearchEnabled", "lyricsEnabled",
            "sponsorBlockEnabled", "persistentConnection"), 100, "standard"),
    PREMIUM(List.of(), Integer.MAX_VALUE, "lossless");

    /** Audio qualities from lowest to highest (the values ServerConfigurationPatch accepts). */
    public static final List<String> AUDIO_QUALITIES = List.of("low", "standard", "high", "lossless");

    private final List<String> lockedFeatures;
    private final int maxQueueSize;
    private final String maxAudioQuality;

    Tier(List<String> lockedFeatures, int maxQueueSize, String maxAudioQuality) {
        this.lockedFeatures = lockedFeatures;
        this.maxQueueSize = maxQueueSize;
        this.maxAudioQuality = maxAudioQuality;
    }

    /** The tier an entitlement grants now: free without one, once it expired, or when billing ended it. */
    public static Tier of(GuildEntitlement entitlement, Instant now) {
        if (entitlement == null || !"active".equals(entitlement.status)
                || (entitlement.expiresAt != null && !entitlement.expiresAt.isAfter(now))) {
            return FREE;
        }
        return "premium".equals(entitlement.tier) ? PREMIUM : FREE;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Boolean settings this tier does not allow to be on. */
    public List<String> lockedFeatures() {
        return lockedFeatures;
    }

    public int maxQueueSize() {
        return maxQueueSize;
    }

    public String maxAudioQuality() {
        return maxAudioQuality;
    }
}
