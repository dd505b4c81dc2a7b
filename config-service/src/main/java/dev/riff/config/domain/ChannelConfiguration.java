package dev.riff.config.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A channel's overrides of its server's settings (seed: ChannelConfiguration); null inherits. Its fields are the catalogue's channel settings. */
@Entity
@Table(name = "channel_configuration")
public class ChannelConfiguration extends PanacheEntityBase {

    @Id
    @JsonIgnore
    public UUID id;

    @Column(name = "guild_id", nullable = false, updatable = false)
    public String guildId;
    @Column(name = "channel_id", nullable = false, updatable = false)
    public String channelId;
    @Column(name = "music_enabled")
    public Boolean musicEnabled;
    @Column(name = "playlists_enabled")
    public Boolean playlistsEnabled;
    @Column(name = "spotify_enabled")
    public Boolean spotifyEnabled;
    @Column(name = "apple_music_enabled")
    public Boolean appleMusicEnabled;
    @Column(name = "deezer_enabled")
    public Boolean deezerEnabled;
    @Column(name = "lyrics_enabled")
    public Boolean lyricsEnabled;
    @Column(name = "sponsor_block_enabled")
    public Boolean sponsorBlockEnabled;
    @Column(name = "volume_limit")
    public Integer volumeLimit;
    @Column(name = "max_queue_size")
    public Integer maxQueueSize;
    @Column(name = "max_song_duration")
    public Integer maxSongDuration;
    @Column(name = "dj_only_mode")
    public Boolean djOnlyMode;
    @Column(name = "allow_explicit_content")
    public Boolean allowExplicitContent;

    public long version;

    @Column(name = "created_at", updatable = false)
    @JsonIgnore
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
