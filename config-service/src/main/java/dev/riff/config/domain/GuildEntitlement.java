package dev.riff.config.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The subscription tier billing last granted a guild; a guild without a row is on the free tier. */
@Entity
@Table(name = "guild_entitlement")
public class GuildEntitlement extends PanacheEntityBase {

    @Id
    @Column(name = "guild_id")
    public String guildId;
    public String tier;
    public String status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "changed_at")
    public Instant changedAt;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
