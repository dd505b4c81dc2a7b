package dev.riff.config.service;

import dev.riff.config.domain.ChannelConfiguration;
import dev.riff.config.domain.SettingsPatch;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.Setting;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.riff.contracts.ChannelConfigurationChanged;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.ServerConfigurationChanged.FieldChange;
import dev.riff.support.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/** A channel's overrides of its server's settings; every change is announced through the outbox. */
@ApplicationScoped
public class ChannelConfigurationService {

    private final ServerConfigurationService servers;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final EffectiveConfigurationCache cache;

    ChannelConfigurationService(ServerConfigurationService servers, Outbox outbox, AuditTrail audit, EffectiveConfigurationCache cache) {
        this.servers = servers;
        this.outbox = outbox;
        this.audit = audit;
        this.cache = cache;
    }

    public Uni<ChannelConfiguration> get(String guildId, String channelId) {
        return Panache.withTransaction(() -> ensureExists(guildId, channelId));
    }

    /** @throws VersionConflictException when {@code expectedVersion} is given and no longer current */
    public Uni<ChannelConfiguration> update(String guildId, String channelId, SettingsPatch patch,
            OptionalLong expectedVersion, String actorId) {
        return Panache.withTransaction(() -> ensureExists(guildId, channelId).chain(channel -> {
            if (expectedVersion.isPresent() && expectedVersion.getAsLong() != channel.version) {
                return Uni.createFrom().failure(new VersionConflictException(channel.version));
            }
            Map<String, FieldChange> changes = new LinkedHashMap<>(ConfigurationPatches.apply(channel, patch));
            changes.putAll(inherit(channel, patch.inherit()));
            if (changes.isEmpty()) {
                return Uni.createFrom().item(channel);
            }
            channel.version++;
            channel.updatedAt = Instant.now();
            return outbox.publish(EventTypes.CHANNEL_CONFIGURATION_CHANGED, channelId, guildId,
                    new ChannelConfigurationChanged(guildId, channelId, channel.version, changes, actorId))
                    .chain(() -> audit.record(guildId, actorId, "channel-configuration.changed:" + channelId, changes))
                    .replaceWith(channel);
        })).call(() -> cache.invalidate(guildId));
    }

    /** Sets the named overrides back to null (inherit), reporting each that was set. */
    private static Map<String, FieldChange> inherit(ChannelConfiguration channel, List<Setting> settings) {
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        var before = CloudEventCodec.mapper().valueToTree(channel);
        var inherited = CloudEventCodec.mapper().createObjectNode();
        for (Setting setting : settings) {
            var old = before.get(setting.key());
            if (old != null && !old.isNull()) {
                inherited.putNull(setting.key());
                changes.put(setting.key(), new FieldChange(old, inherited.get(setting.key())));
            }
        }
        try {
            CloudEventCodec.mapper().updateValue(channel, inherited);
        } catch (JsonMappingException e) {
            throw new IllegalStateException("the catalogue names a channel setting the entity lacks", e);
        }
        return changes;
    }

    private Uni<ChannelConfiguration> ensureExists(String guildId, String channelId) {
        return servers.ensureExists(guildId).chain(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("insert into channel_configuration (id, guild_id, channel_id) values (:id, :guild, :channel) "
                        + "on conflict (guild_id, channel_id) do nothing")
                .setParameter("id", UUID.randomUUID()).setParameter("guild", guildId).setParameter("channel", channelId)
                .executeUpdate()))
                .chain(() -> ChannelConfiguration.<ChannelConfiguration>find("guildId = ?1 and channelId = ?2", guildId, channelId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).singleResult());
    }
}
