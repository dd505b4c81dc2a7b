package dev.riff.config.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A feature flag (seed: FeatureFlag): global when {@code guildId} is null, else one guild's override. */
@Entity
@Table(name = "feature_flag")
public class FeatureFlag extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "guild_id")
    public String guildId;
    @Column(nullable = false)
    public String name;
    public boolean enabled;
    /** Share of guilds (0–100) the flag is on for, chosen by a stable hash; null: all or none by {@link #enabled}. */
    @Column(name = "rollout_percentage")
    public Integer rolloutPercentage;
    /** Guilds the flag is always on for (when enabled). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] targets = new String[0];
    public long version;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
