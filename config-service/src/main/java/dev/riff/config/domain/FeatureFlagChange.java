package dev.riff.config.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One state of a feature flag after a change: its history, newest first by {@code changedAt}. */
@Entity
@Table(name = "feature_flag_history")
public class FeatureFlagChange extends PanacheEntityBase {

    @Id
    @JsonIgnore
    public UUID id;
    public String name;
    /** Null: the global flag; else the guild whose override changed. */
    @Column(name = "guild_id")
    public String guildId;
    public boolean enabled;
    @Column(name = "rollout_percentage")
    public Integer rolloutPercentage;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] targets;
    public long version;
    /** The Discord user who asked (X-Riff-Actor), or null when a service did. */
    @Column(name = "actor_id")
    public String actorId;
    @Column(name = "changed_at")
    public Instant changedAt;
}
