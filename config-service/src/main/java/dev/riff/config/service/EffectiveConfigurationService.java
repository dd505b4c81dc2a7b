package dev.riff.config.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.config.domain.ChannelConfiguration;
import dev.riff.config.domain.GuildEntitlement;
import dev.riff.config.domain.Tier;
import dev.riff.contracts.CloudEventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration that applies in a channel: the server's settings (or their defaults), with each
 * non-null channel override on top, capped by what the guild's tier allows, and where every value
 * came from. Served through {@link EffectiveConfigurationCache}.
 */
@ApplicationScoped
public class EffectiveConfigurationService {

    /** Channel-only settings the server has no column for: on unless a channel turns them off. */
    private static final Map<String, Boolean> CHANNEL_DEFAULTS = Map.of("musicEnabled", true, "playlistsEnabled", true);
    private static final JsonNodeFactory NODES = CloudEventCodec.mapper().getNodeFactory();

    /**
     * @param entitlementEndsAt when the guild's paid tier runs out by time (its caps change then), or null;
     *                          not part of the answer, only how long it may be cached
     */
    public record Effective(String guildId, String channelId, Map<String, JsonNode> values, Map<String, String> sources,
            @JsonIgnore Instant entitlementEndsAt) {
    }

    private final ServerConfigurationService servers;
    private final EntitlementService entitlements;
    private final EffectiveConfigurationCache cache;

    EffectiveConfigurationService(ServerConfigurationService servers, EntitlementService entitlements, EffectiveConfigurationCache cache) {
        this.servers = servers;
        this.entitlements = entitlements;
        this.cache = cache;
    }

    /** The effective configuration as JSON (an {@link Effective}), from the cache when it has it. */
    public Uni<String> effective(String guildId, String channelId) {
        return cache.get(guildId, channelId, () -> compute(guildId, channelId));
    }

    /** Straight from the database, bypassing the cache. */
    public Uni<Effective> compute(String guildId, String channelId) {
        return servers.get(guildId).chain(server -> Panache.withSession(() -> channel(guildId, channelId)
                .chain(channel -> entitlements.find(guildId).map(entitlement -> {
                    Map<String, JsonNode> values = new LinkedHashMap<>();
                    Map<String, String> sources = new LinkedHashMap<>();
                    ObjectNode serverValues = CloudEventCodec.mapper().valueToTree(server);
                    serverValues.remove(List.of("guildId", "version", "updatedAt"));
                    serverValues.fields().forEachRemaining(field -> {
                        values.put(field.getKey(), field.getValue());
                        sources.put(field.getKey(), server.version == 0 ? "default" : "server");
                    });
                    CHANNEL_DEFAULTS.forEach((name, value) -> {
                        values.put(name, NODES.booleanNode(value));
                        sources.put(name, "default");
                    });
                    if (channel != null) {
                        ObjectNode overrides = CloudEventCodec.mapper().valueToTree(channel);
                        for (String name : ChannelConfiguration.OVERRIDABLE) {
                            JsonNode override = overrides.get(name);
                            if (override != null && !override.isNull()) {
                                values.put(name, override);
                                sources.put(name, "channel");
                            }
                        }
                    }
                    Instant now = Instant.now();
                    Tier tier = Tier.of(entitlement, now);
                    cap(tier, values, sources);
                    String tierSource = entitlement == null ? "default" : "entitlement";
                    values.put("subscriptionTier", NODES.textNode(tier.wireName()));
                    sources.put("subscriptionTier", tierSource);
                    Instant endsAt = tier == Tier.FREE || entitlement == null ? null : entitlement.expiresAt;
                    values.put("subscriptionExpiresAt", endsAt == null ? NODES.nullNode() : NODES.textNode(endsAt.toString()));
                    sources.put("subscriptionExpiresAt", tierSource);
                    return new Effective(guildId, channelId, values, sources, endsAt);
                }))));
    }

    /** Turns off what the tier does not allow and lowers limits above it; the stored settings stay as they are. */
    private static void cap(Tier tier, Map<String, JsonNode> values, Map<String, String> sources) {
        for (String feature : tier.lockedFeatures()) {
            if (values.get(feature) != null && values.get(feature).asBoolean()) {
                values.put(feature, NODES.booleanNode(false));
                sources.put(feature, "entitlement");
            }
        }
        if (values.get("maxQueueSize").asInt() > tier.maxQueueSize()) {
            values.put("maxQueueSize", NODES.numberNode(tier.maxQueueSize()));
            sources.put("maxQueueSize", "entitlement");
        }
        String quality = values.get("maxAudioQuality").asText();
        if (Tier.AUDIO_QUALITIES.indexOf(quality) > Tier.AUDIO_QUALITIES.indexOf(tier.maxAudioQuality())) {
            values.put("maxAudioQuality", NODES.textNode(tier.maxAudioQuality()));
            sources.put("maxAudioQuality", "entitlement");
        }
    }

    private static Uni<ChannelConfiguration> channel(String guildId, String channelId) {
        if (channelId == null) {
            return Uni.createFrom().nullItem();
        }
        return ChannelConfiguration.<ChannelConfiguration>find("guildId = ?1 and channelId = ?2", guildId, channelId).firstResult();
    }
}
