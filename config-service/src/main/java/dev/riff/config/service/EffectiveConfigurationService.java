package dev.riff.config.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.config.domain.ChannelConfiguration;
import dev.riff.contracts.CloudEventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration that applies in a channel: the server's settings (or their defaults), with each
 * non-null channel override on top, and where every value came from.
 */
@ApplicationScoped
public class EffectiveConfigurationService {

    /** Channel-only settings the server has no column for: on unless a channel turns them off. */
    private static final Map<String, Boolean> CHANNEL_DEFAULTS = Map.of("musicEnabled", true, "playlistsEnabled", true);

    public record Effective(String guildId, String channelId, Map<String, JsonNode> values, Map<String, String> sources) {
    }

    private final ServerConfigurationService servers;

    EffectiveConfigurationService(ServerConfigurationService servers) {
        this.servers = servers;
    }

    public Uni<Effective> effective(String guildId, String channelId) {
        return servers.get(guildId).chain(server -> channel(guildId, channelId).map(channel -> {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            Map<String, String> sources = new LinkedHashMap<>();
            ObjectNode serverValues = CloudEventCodec.mapper().valueToTree(server);
            serverValues.remove(java.util.List.of("guildId", "version", "updatedAt"));
            serverValues.fields().forEachRemaining(field -> {
                values.put(field.getKey(), field.getValue());
                sources.put(field.getKey(), server.version == 0 ? "default" : "server");
            });
            CHANNEL_DEFAULTS.forEach((name, value) -> {
                values.put(name, CloudEventCodec.mapper().getNodeFactory().booleanNode(value));
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
            return new Effective(guildId, channelId, values, sources);
        }));
    }

    private Uni<ChannelConfiguration> channel(String guildId, String channelId) {
        if (channelId == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> ChannelConfiguration.<ChannelConfiguration>find("guildId = ?1 and channelId = ?2", guildId, channelId)
                .firstResult());
    }
}
