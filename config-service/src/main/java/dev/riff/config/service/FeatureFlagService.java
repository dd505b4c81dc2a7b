package dev.riff.config.service;

import dev.riff.config.domain.FeatureFlag;
import dev.riff.config.domain.FeatureFlagChange;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.FeatureFlagChanged;
import dev.riff.support.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Feature flags: a guild's own override wins; otherwise the global flag decides: off, on for its
 * targets, on for a stable percentage of guilds, or on for all. The same inputs always give the
 * same answer, and a guild inside a rollout stays inside as the percentage grows.
 */
@ApplicationScoped
public class FeatureFlagService {

    public record Evaluation(String flag, String guildId, boolean enabled, String reason) {
    }

    private final Outbox outbox;

    FeatureFlagService(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<FeatureFlag> setGlobal(String name, boolean enabled, Integer rolloutPercentage, List<String> targets, String actorId) {
        return Panache.withTransaction(() -> find(name, null).chain(existing -> {
            FeatureFlag flag = existing != null ? existing : create(name, null);
            flag.enabled = enabled;
            flag.rolloutPercentage = rolloutPercentage;
            flag.targets = targets == null ? new String[0] : targets.toArray(String[]::new);
            return save(flag, existing == null, actorId);
        }));
    }

    public Uni<FeatureFlag> setForGuild(String name, String guildId, boolean enabled, String actorId) {
        return Panache.withTransaction(() -> ServerConfigurationService.ensureGuild(guildId)
                .chain(() -> find(name, guildId)).chain(existing -> {
                    FeatureFlag flag = existing != null ? existing : create(name, guildId);
                    flag.enabled = enabled;
                    return save(flag, existing == null, actorId);
                }));
    }

    /** The flag's states after each change, global and per guild, newest first. */
    public Uni<List<FeatureFlagChange>> history(String name, int limit) {
        return Panache.withSession(() -> FeatureFlagChange.<FeatureFlagChange>find("name", Sort.descending("changedAt", "version"), name)
                .page(0, limit).list());
    }

    public Uni<Evaluation> evaluate(String name, String guildId) {
        return Panache.withSession(() -> find(name, guildId).chain(override -> {
            if (override != null) {
                return Uni.createFrom().item(new Evaluation(name, guildId, override.enabled, "guild-override"));
            }
            return find(name, null).map(global -> decide(name, guildId, global));
        }));
    }

    static Evaluation decide(String name, String guildId, FeatureFlag global) {
        if (global == null) {
            return new Evaluation(name, guildId, false, "unknown-flag");
        }
        if (!global.enabled) {
            return new Evaluation(name, guildId, false, "disabled");
        }
        if (Arrays.asList(global.targets).contains(guildId)) {
            return new Evaluation(name, guildId, true, "target");
        }
        if (global.rolloutPercentage != null) {
            boolean inside = bucket(name, guildId) < global.rolloutPercentage;
            return new Evaluation(name, guildId, inside, "rollout-" + global.rolloutPercentage);
        }
        return new Evaluation(name, guildId, true, "enabled");
    }

    /** 0–99 from SHA-256 of flag and guild: stable, and independent between flags. */
    static int bucket(String flag, String guildId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((flag + ":" + guildId).getBytes(StandardCharsets.UTF_8));
            long value = ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
            return (int) (value % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Stores the flag's new version with its history entry and change event, in the caller's transaction. */
    private Uni<FeatureFlag> save(FeatureFlag flag, boolean isNew, String actorId) {
        flag.version++;
        flag.updatedAt = Instant.now();
        String key = flag.guildId != null ? flag.guildId : flag.name;
        Uni<FeatureFlag> stored = isNew ? flag.persist() : Uni.createFrom().item(flag);
        return stored.chain(() -> historyEntry(flag, actorId).persist()).chain(() -> outbox.publish(EventTypes.FEATURE_FLAG_CHANGED, flag.name, key,
                new FeatureFlagChanged(flag.name, flag.guildId, flag.enabled, flag.rolloutPercentage, List.of(flag.targets), flag.version)))
                .replaceWith(flag);
    }

    private static FeatureFlagChange historyEntry(FeatureFlag flag, String actorId) {
        FeatureFlagChange change = new FeatureFlagChange();
        change.id = UUID.randomUUID();
        change.name = flag.name;
        change.guildId = flag.guildId;
        change.enabled = flag.enabled;
        change.rolloutPercentage = flag.rolloutPercentage;
        change.targets = flag.targets;
        change.version = flag.version;
        change.actorId = actorId;
        change.changedAt = flag.updatedAt;
        return change;
    }

    private static Uni<FeatureFlag> find(String name, String guildId) {
        return guildId == null
                ? FeatureFlag.<FeatureFlag>find("name = ?1 and guildId is null", name).firstResult()
                : FeatureFlag.<FeatureFlag>find("name = ?1 and guildId = ?2", name, guildId).firstResult();
    }

    private static FeatureFlag create(String name, String guildId) {
        FeatureFlag flag = new FeatureFlag();
        flag.id = UUID.randomUUID();
        flag.name = name;
        flag.guildId = guildId;
        return flag;
    }
}
