package dev.riff.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A server a user put premium on. It has premium while the user's plan covers it (PremiumLedger). */
@Entity
@Table(name = "premium_guild")
public class PremiumGuild extends PanacheEntityBase {

    @Id
    @Column(name = "guild_id")
    public String guildId;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "activated_at")
    public Instant activatedAt;
}
