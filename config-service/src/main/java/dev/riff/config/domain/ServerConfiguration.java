package dev.riff.config.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;

/** A guild's server-wide music settings (seed: ServerConfiguration). Column defaults live in the migration. */
@Entity
@Table(name = "server_configuration")
public class ServerConfiguration extends PanacheEntityBase {

    @Id
    @JsonIgnore
    public UUID id;

    @Column(name = "guild_id", nullable = false, unique = true, updatable = false)
    public String guildId;

    @Column(name = "subscription_tier")
    public String subscriptionTier;
    @Column(name = "subscription_expires_at")
    public Instant subscriptionExpiresAt;
    @Column(name = "spotify_enabled")
    public boolean spotifyEnabled;
    @Column(name = "apple_music_enabled")
    public boolean appleMusicEnabled;
    @Column(name = "deezer_enabled")
    public boolean deezerEnabled;
    @Column(name = "lyrics_enabled")
    public boolean lyricsEnabled;
    @Column(name = "sponsor_block_enabled")
    public boolean sponsorBlockEnabled;
    @Column(name = "advanced_search_enabled")
    public boolean advancedSearchEnabled;
    @Column(name = "max_audio_quality")
    public String maxAudioQuality;
    @Column(name = "volume_limit")
    public int volumeLimit;
    @Column(name = "max_queue_size")
    public int maxQueueSize;
    /** Seconds. */
    @Column(name = "max_song_duration")
    public int maxSongDuration;
    @Column(name = "allow_explicit_content")
    public boolean allowExplicitContent;
    @Column(name = "dj_role_id")
    public String djRoleId;
    @Column(name = "dj_only_mode")
    public boolean djOnlyMode;
    @Column(name = "vote_skip_enabled")
    public boolean voteSkipEnabled;
    @Column(name = "vote_skip_threshold")
    public float voteSkipThreshold;
    @Column(name = "autoplay_enabled")
    public boolean autoplayEnabled;
    @Column(name = "autoplay_mode")
    public String autoplayMode;
    @Column(name = "autoplay_queue_size")
    public int autoplayQueueSize;
    @Column(name = "ephemeral_messages")
    public boolean ephemeralMessages;
    @Column(name = "persistent_connection")
    public boolean persistentConnection;

    /** The guild's prefix and language live in guild_config; the service fills these in and writes them back. */
    @Transient
    public String prefix;
    @Transient
    public String language;

    /** Bumped on every change; the ETag of the configuration. */
    public long version;

    @Column(name = "created_at", updatable = false)
    @JsonIgnore
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
