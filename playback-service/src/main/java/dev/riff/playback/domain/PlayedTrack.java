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

    /** A play of {@code track} that ended for {@code reason} (finished means played fully). */
    public static PlayedTrack of(String guildId, TrackRef track, String reason) {
        PlayedTrack played = new PlayedTrack();
        played.id = UUID.randomUUID();
        played.guildId = guildId;
        played.userId = track.requestedBy();
        played.title = track.title();
        played.url = track.url();
        played.duration = track.durationSeconds();
        played.source = track.source();
        played.playedAt = Instant.now();
        played.playedFully = reason.equals("finished");
        played.skipReason = played.playedFully ? null : reason;
        played.playbackQuality = "opus-48k-stereo";
        return played;
    }
}
