package dev.riff.contracts;

import java.util.List;

/** A feature flag after a change: global when {@code guildId} is null, else that guild's override. */
public record FeatureFlagChanged(String name, String guildId, boolean enabled, Integer rolloutPercentage, List<String> targets, long version) {
}
