package dev.riff.playback.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One play of a track (seed: PlaybackHistory): played fully, or why not. */
@Entity
@Table(name = "playback_history")
public class PlayedTrack extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "guild_id", nullable = false)
    public String guildId;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "channel_id")
    public String channelId;
    @Column(nullable = false)
    public String title;
    public String artist;
    @Column(nullable = false)
    public String url;
    /** Seconds. */
    public Integer duration;
    @Column(nullable = false)
    public String source;
    @Column(name = "played_at")
    public Instant playedAt;
    @Column(name = "played_fully")
    public boolean playedFully;
    @Column(name = "skip_reason")
    public String skipReason;
    @Column(name = "playback_quality")
    public String playbackQuality;
}
