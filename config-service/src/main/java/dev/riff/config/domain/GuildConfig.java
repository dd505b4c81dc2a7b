package dev.riff.config.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A guild's own row (seed: GuildConfig): its text-command prefix and language. */
@Entity
@Table(name = "guild_config")
public class GuildConfig extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "guild_id", nullable = false, updatable = false)
    public String guildId;
    public String prefix;
    /** A BCP 47 language tag, like en-US. */
    public String language;
}
