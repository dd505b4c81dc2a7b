package dev.riff.config.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.config.domain.ChannelConfiguration;
import dev.riff.config.domain.GuildEntitlement;
import dev.riff.config.domain.Tier;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.Setting;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration that applies in a channel: the server's settings (or their defaults), with each
 * non-null channel override on top, capped by what the guild's tier allows, and where every value
 * came from. Served through {@link EffectiveConfigurationCache}.
 */
@ApplicationScoped
public class EffectiveConfigurationService {

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
                    ObjectNode overrides = channel == null ? null : CloudEventCodec.mapper().valueToTree(channel);
                    Tier tier = Tier.of(entitlement, Instant.now());
                    for (Setting setting : Setting.values()) {
                        JsonNode value = setting.serverMaySet() ? serverValues.path(setting.key()) : setting.defaultValue();
                        String source = setting.serverMaySet() && server.version > 0 ? "server" : "default";
                        JsonNode override = overrides == null || !setting.channelMaySet() ? null : overrides.get(setting.key());
                        if (override != null && !override.isNull()) {
                            value = override;
                            source = "channel";
                        }
                        JsonNode allowed = tier.cap(setting, value);
                        values.put(setting.key(), allowed);
                        sources.put(setting.key(), allowed.equals(value) ? source : "entitlement");
                    }
                    String tierSource = entitlement == null ? "default" : "entitlement";
                    values.put("subscriptionTier", NODES.textNode(tier.wireName()));
                    sources.put("subscriptionTier", tierSource);
                    Instant endsAt = tier == Tier.FREE || entitlement == null ? null : entitlement.expiresAt;
                    values.put("subscriptionExpiresAt", endsAt == null ? NODES.nullNode() : NODES.textNode(endsAt.toString()));
                    sources.put("subscriptionExpiresAt", tierSource);
                    return new Effective(guildId, channelId, values, sources, endsAt);
                }))));
    }

    private static Uni<ChannelConfiguration> channel(String guildId, String channelId) {
        if (channelId == null) {
            return Uni.createFrom().nullItem();
        }
        return ChannelConfiguration.<ChannelConfiguration>find("guildId = ?1 and channelId = ?2", guildId, channelId).firstResult();
    }
}
