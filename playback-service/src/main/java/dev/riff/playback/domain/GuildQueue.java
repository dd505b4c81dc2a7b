package dev.riff.playback.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A guild's queue (seed: Queue): one per guild. */
@Entity
@Table(name = "queue")
public class GuildQueue extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "guild_id", nullable = false, unique = true)
    public String guildId;
    @Column(name = "voice_channel_id")
    public String voiceChannelId;
    @Column(name = "text_channel_id")
    public String textChannelId;
    @Column(name = "created_at")
    public Instant createdAt;
}
