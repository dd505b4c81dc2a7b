package dev.riff.playback.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A track's lyrics as a provider gave them (the seed's LyricsCache), shared by every guild: the
 * plain text, and for timed lyrics their lines with start times (JSON: {@code [{"atMs":…,"line":…}]}).
 * A row with source {@link #NONE} records that no provider had any, until it expires.
 */
@Entity
@Table(name = "lyrics_cache")
public class CachedLyrics extends PanacheEntityBase {

    public static final String NONE = "none";

    @Id
    public UUID id;
    /** The track's ISRC ({@code isrc:…}) or its artist and title ({@code track:artist|title}). */
    @Column(name = "track_id")
    public String trackId;
    public String title;
    public String artist;
    public String lyrics;
    public String source;
    public String language;
    @Column(name = "timed_lyrics")
    public boolean timedLyrics;
    @Column(name = "lyrics_data")
    @ColumnTransformer(read = "lyrics_data::text", write = "cast(cast(? as text) as jsonb)")
    public String lyricsData;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean found() {
        return !NONE.equals(source);
    }
}
