package dev.riff.gateway.service;

import dev.riff.gateway.client.ConfigurationLookup;
import dev.riff.gateway.config.GatewayConfig;
import dev.riff.gateway.domain.EffectiveConfiguration;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Effective configurations the gateway authorizes with, kept briefly in memory: a change event from
 * config-service drops a guild's entries at once, and the TTL bounds staleness if an event is missed.
 */
@ApplicationScoped
public class ConfigurationCache {

    private record Entry(EffectiveConfiguration configuration, Instant expiresAt) {
    }

    private final ConfigurationLookup lookup;
    private final GatewayConfig config;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ConfigurationCache(ConfigurationLookup lookup, GatewayConfig config) {
        this.lookup = lookup;
        this.config = config;
    }

    public Uni<EffectiveConfiguration> get(String guildId, String channelId) {
        String key = guildId + "/" + channelId;
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAt().isAfter(Instant.now())) {
            return Uni.createFrom().item(entry.configuration());
        }
        return lookup.effective(guildId, channelId)
                .invoke(fresh -> entries.put(key, new Entry(fresh, Instant.now().plus(config.configCacheTtl()))));
    }

    public void invalidate(String guildId) {
        entries.keySet().removeIf(key -> key.startsWith(guildId + "/"));
    }
}
