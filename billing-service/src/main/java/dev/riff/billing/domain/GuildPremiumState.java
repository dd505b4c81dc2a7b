package dev.riff.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What billing last announced for a guild; version and changed_at only grow. */
@Entity
@Table(name = "guild_premium_state")
public class GuildPremiumState extends PanacheEntityBase {

    @Id
    @Column(name = "guild_id")
    public String guildId;
    public String tier;
    public String status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    public long version;
    @Column(name = "changed_at")
    public Instant changedAt;
}
