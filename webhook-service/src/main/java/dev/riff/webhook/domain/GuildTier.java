package dev.riff.webhook.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The tier config-service last applied to a guild: how many endpoints the guild may have. */
@Entity
@Table(name = "guild_tier")
public class GuildTier extends PanacheEntityBase {

    @Id
    @Column(name = "guild_id")
    public String guildId;
    public String tier;
    public String status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "changed_at")
    public Instant changedAt;

    /** Premium now: active and not past its end. */
    public boolean premium(Instant now) {
        return "premium".equals(tier) && "active".equals(status) && (expiresAt == null || expiresAt.isAfter(now));
    }
}
