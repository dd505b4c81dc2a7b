package dev.riff.config.service;

import dev.riff.config.domain.GuildConfig;
import dev.riff.config.domain.ServerConfiguration;
import dev.riff.config.domain.SettingsPatch;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.ServerConfigurationChanged;
import dev.riff.contracts.ServerConfigurationChanged.FieldChange;
import dev.riff.support.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/** Reads and changes a guild's server configuration; every change is announced through the outbox. */
@ApplicationScoped
public class ServerConfigurationService {

    private final Outbox outbox;
    private final AuditTrail audit;
    private final EffectiveConfigurationCache cache;

    ServerConfigurationService(Outbox outbox, AuditTrail audit, EffectiveConfigurationCache cache) {
        this.outbox = outbox;
        this.audit = audit;
        this.cache = cache;
    }

    /** The stored configuration, or the defaults (version 0) for a guild that never changed any. */
    public Uni<ServerConfiguration> get(String guildId) {
        return Panache.withSession(() -> ServerConfiguration.<ServerConfiguration>find("guildId", guildId).firstResult()
                .chain(stored -> stored == null ? Panache.withTransaction(() -> ensureExists(guildId)) : withGuildSettings(stored)));
    }

    /**
     * Applies the patch when {@code expectedVersion} is empty or matches, in one transaction with the
     * change event; the guild's cached effective configurations are dropped after the commit, before
     * the answer. A patch that changes nothing leaves the version alone and publishes nothing.
     *
     * @throws VersionConflictException when another change came first
     */
    public Uni<ServerConfiguration> update(String guildId, SettingsPatch patch, OptionalLong expectedVersion, String actorId) {
        return Panache.withTransaction(() -> ensureExists(guildId)
                .chain(configuration -> {
                    if (expectedVersion.isPresent() && expectedVersion.getAsLong() != configuration.version) {
                        return Uni.createFrom().failure(new VersionConflictException(configuration.version));
                    }
                    Map<String, FieldChange> changes = ConfigurationPatches.apply(configuration, patch);
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(configuration);
                    }
                    Uni<Integer> guildSettings = changes.containsKey("prefix") || changes.containsKey("language")
                            ? GuildConfig.update("prefix = ?1, language = ?2 where guildId = ?3", configuration.prefix, configuration.language, guildId)
                            : Uni.createFrom().item(0);
                    configuration.version++;
                    configuration.updatedAt = Instant.now();
                    var changed = new ServerConfigurationChanged(guildId, configuration.version, changes, actorId);
                    return guildSettings.chain(() -> outbox.publish(EventTypes.SERVER_CONFIGURATION_CHANGED, guildId, guildId, changed))
                            .chain(() -> audit.record(guildId, actorId, "server-configuration.changed", changes))
                            .replaceWith(configuration);
                }))
                .call(() -> cache.invalidate(guildId));
    }

    /** Creates the guild's rows with their defaults if missing (race-free), then locks the configuration. */
    Uni<ServerConfiguration> ensureExists(String guildId) {
        return ensureGuild(guildId)
                .chain(() -> Panache.getSession()).chain(session -> session
                        .createNativeQuery("insert into server_configuration (id, guild_id) values (:id, :guild) on conflict (guild_id) do nothing")
                        .setParameter("id", UUID.randomUUID()).setParameter("guild", guildId).executeUpdate())
                .chain(() -> ServerConfiguration.<ServerConfiguration>find("guildId", guildId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).<ServerConfiguration>singleResult())
                .chain(ServerConfigurationService::withGuildSettings);
    }

    /** Creates the guild's own row (guild_config), which its other rows reference, if missing (race-free). */
    static Uni<Integer> ensureGuild(String guildId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into guild_config (id, guild_id) values (:id, :guild) on conflict (guild_id) do nothing")
                .setParameter("id", UUID.randomUUID()).setParameter("guild", guildId).executeUpdate());
    }

    private static Uni<ServerConfiguration> withGuildSettings(ServerConfiguration configuration) {
        return GuildConfig.<GuildConfig>find("guildId", configuration.guildId).singleResult().map(guild -> {
            configuration.prefix = guild.prefix;
            configuration.language = guild.language;
            return configuration;
        });
    }
}
