package dev.riff.playback.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A guild's player as persisted: the current track and where it is, the settings (filter included), and the voice session. */
@Entity
@Table(name = "guild_player")
public class GuildPlayer extends PanacheEntityBase {

    @Id
    @Column(name = "guild_id")
    public String guildId;
    @Column(name = "voice_channel_id")
    public String voiceChannelId;
    @Column(name = "text_channel_id")
    public String textChannelId;
    @Column(name = "current_url")
    public String currentUrl;
    @Column(name = "current_title")
    public String currentTitle;
    @Column(name = "current_requested_by")
    public String currentRequestedBy;
    @Column(name = "current_duration_ms")
    public Long currentDurationMs;
    @Column(name = "current_source")
    public String currentSource;
    @Column(name = "position_ms")
    public long positionMs;
    @Column(name = "position_saved_at")
    public Instant positionSavedAt;
    public boolean paused;
    public int volume = 100;
    @Column(name = "loop_mode")
    public String loopMode = "off";
    /** The /filter preset; "off" plays the audio as it is. */
    public String filter = "off";
    @Column(name = "voice_session_id")
    public String voiceSessionId;
    @Column(name = "voice_endpoint")
    public String voiceEndpoint;
    @Column(name = "voice_token")
    public String voiceToken;
    @Column(name = "voice_user_id")
    public String voiceUserId;
    public boolean autoplay;
    /** Whether the guild skips SponsorBlock segments, from its settings as of its last /play. */
    @Column(name = "sponsor_block")
    public boolean sponsorBlock;
    /** The server's maxAudioQuality as of its last /play: low, standard, high or lossless. */
    @Column(name = "audio_quality")
    public String audioQuality = "standard";
    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean hasCurrentTrack() {
        return currentUrl != null;
    }

    /** The track saved as playing, or null. */
    public TrackRef currentTrack() {
        return currentUrl == null ? null : new TrackRef(currentTitle, currentUrl, currentSource, currentRequestedBy,
                currentDurationMs == null ? null : (int) (currentDurationMs / 1000));
    }
}
