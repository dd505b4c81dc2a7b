package dev.riff.gateway.service;

import dev.riff.gateway.client.ConfigurationLookup;
import dev.riff.gateway.config.GatewayConfig;
import dev.riff.gateway.domain.EffectiveConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Effective configurations the gateway authorizes with, kept briefly in memory: a change event from
 * config-service drops a guild's entries at once, and the TTL bounds staleness if an event is missed.
 * Entries are indexed by guild, so a change costs the guild's few channels, not a scan of every
 * cached guild; expired entries are swept, so a pod that has seen many guilds does not keep them all.
 */
@ApplicationScoped
public class ConfigurationCache {

    private record Entry(EffectiveConfiguration configuration, Instant expiresAt) {
    }

    /** The key of a guild-wide lookup (no channel) in a guild's entries. */
    private static final String NO_CHANNEL = "";

    private final BiFunction<String, String, Uni<EffectiveConfiguration>> lookup;
    private final Duration ttl;
    private final Clock clock;
    /** Guild id → channel id (or {@link #NO_CHANNEL}) → entry. */
    private final Map<String, Map<String, Entry>> guilds = new ConcurrentHashMap<>();
    /**
     * Counts invalidations of any guild: an answer whose lookup overlapped one may predate the change,
     * so it is used once, not kept (one counter for all guilds: changes are rare, and the cost of a
     * false overlap is one more lookup).
     */
    private final AtomicLong invalidations = new AtomicLong();

    @Inject
    ConfigurationCache(ConfigurationLookup lookup, GatewayConfig config) {
        this(lookup::effective, config.configCacheTtl(), Clock.systemUTC());
    }

    ConfigurationCache(BiFunction<String, String, Uni<EffectiveConfiguration>> lookup, Duration ttl, Clock clock) {
        this.lookup = lookup;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Uni<EffectiveConfiguration> get(String guildId, String channelId) {
        String channelKey = channelId == null ? NO_CHANNEL : channelId;
        Map<String, Entry> channels = guilds.get(guildId);
        Entry entry = channels == null ? null : channels.get(channelKey);
        if (entry != null && entry.expiresAt().isAfter(clock.instant())) {
            return Uni.createFrom().item(entry.configuration());
        }
        long invalidationsBefore = invalidations.get();
        return lookup.apply(guildId, channelId).invoke(fresh ->
                // Checked and stored under the guild's key, so a change event for the guild cannot drop
                // its entries between the check and the store (invalidate takes the same key).
                guilds.compute(guildId, (id, current) -> {
                    if (invalidations.get() != invalidationsBefore) {
                        return current;
                    }
                    Map<String, Entry> kept = current == null ? new ConcurrentHashMap<>() : current;
                    kept.put(channelKey, new Entry(fresh, clock.instant().plus(ttl)));
                    return kept;
                }));
    }

    /** Sweeps once a TTL and shows how many guilds are cached (registered on the bean, not on a client proxy). */
    void start(@Observes StartupEvent startup, Vertx vertx, MeterRegistry registry) {
        vertx.setPeriodic(ttl.toMillis(), ignored -> sweep());
        registry.gauge("riff_gateway_config_cache_guilds", this, ConfigurationCache::guildsCached);
    }

    public void invalidate(String guildId) {
        guilds.compute(guildId, (id, channels) -> {
            invalidations.incrementAndGet();
            return null;
        });
    }

    /** Drops expired entries (called on a timer); an expired entry is never served, this only frees it. */
    public void sweep() {
        Instant now = clock.instant();
        for (String guildId : guilds.keySet()) {
            guilds.computeIfPresent(guildId, (id, channels) -> {
                channels.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
                return channels.isEmpty() ? null : channels;
            });
        }
    }

    /** Guilds with at least one cached entry. */
    public int guildsCached() {
        return guilds.size();
    }
}
