package dev.riff.playback.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import dev.riff.playback.client.LyricsProviders;
import dev.riff.playback.config.LyricsConfig;
import dev.riff.playback.domain.CachedLyrics;
import dev.riff.playback.domain.Lyrics;
import dev.riff.support.reactive.OnVertxContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A track's lyrics: from the shared cache while fresh, else from the providers, then kept (found
 * for {@code riff.lyrics.keep-found}, missing for {@code riff.lyrics.keep-missing}) so every guild
 * playing the song is served from the cache after the first asked.
 */
@ApplicationScoped
public class LyricsService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(LyricsService.class);

    private final LyricsProviders providers;
    private final LyricsConfig config;
    private final OnVertxContext vertx;

    LyricsService(LyricsProviders providers, LyricsConfig config, OnVertxContext vertx) {
        this.providers = providers;
        this.config = config;
        this.vertx = vertx;
    }

    /** The track's lyrics, asking the providers on a cache miss; empty when none has any. */
    public Uni<Optional<Lyrics>> lyricsFor(AudioTrackInfo track) {
        String key = key(track);
        return fresh(key).chain(cached -> cached.isPresent() ? Uni.createFrom().item(cached.get().found() ? Optional.of(read(cached.get())) : Optional.<Lyrics>empty())
                : providers.find(track.title, track.author, track.length).call(found -> store(key, track, found)
                        // Not kept is not lost: the member still gets the lyrics, and the next asker asks the provider again.
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Lyrics of %s could not be cached: %s", key, failure.toString());
                            return null;
                        })));
    }

    /** The track's cached lyrics only (for the now-playing line, which must not wait on a provider). */
    public Uni<Optional<Lyrics>> cachedFor(AudioTrackInfo track) {
        return fresh(key(track)).map(cached -> cached.filter(CachedLyrics::found).map(LyricsService::read));
    }

    /** The cache key: the recording's ISRC when known (one entry for the song wherever it is linked from), else artist and title. */
    static String key(AudioTrackInfo track) {
        if (track.isrc != null && !track.isrc.isBlank()) {
            return "isrc:" + track.isrc.toUpperCase(Locale.ROOT);
        }
        return "track:" + (track.author + "|" + track.title).toLowerCase(Locale.ROOT);
    }

    private Uni<Optional<CachedLyrics>> fresh(String key) {
        return vertx.run(() -> Panache.withSession(() -> CachedLyrics.<CachedLyrics>find("trackId = ?1 and expiresAt > ?2", key, Instant.now())
                .firstResult().map(Optional::ofNullable)));
    }

    private Uni<Void> store(String key, AudioTrackInfo track, Optional<Lyrics> found) {
        Instant now = Instant.now();
        String data = found.filter(Lyrics::timed).map(lyrics -> {
            try {
                return JSON.writeValueAsString(lyrics.lines());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }).orElse(null);
        // One row per song however many guilds asked at once: the last answer wins, none fails. The JSON goes as
        // text: the PostgreSQL client would write a String bound straight to jsonb as a JSON string.
        return vertx.transaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into lyrics_cache (id, track_id, title, artist, lyrics, source, language, timed_lyrics, lyrics_data, created_at, expires_at)
                        values (:id, :key, :title, :artist, :lyrics, :source, null, :timed, cast(cast(:data as text) as jsonb), :now, :expires)
                        on conflict (track_id) do update set title = excluded.title, artist = excluded.artist, lyrics = excluded.lyrics,
                            source = excluded.source, timed_lyrics = excluded.timed_lyrics, lyrics_data = excluded.lyrics_data,
                            created_at = excluded.created_at, expires_at = excluded.expires_at""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("key", key)
                .setParameter("title", track.title)
                .setParameter("artist", track.author)
                .setParameter("lyrics", found.map(Lyrics::text).orElse(""))
                .setParameter("source", found.map(Lyrics::source).orElse(CachedLyrics.NONE))
                .setParameter("timed", found.map(Lyrics::timed).orElse(false))
                .setParameter("data", data)
                .setParameter("now", now)
                .setParameter("expires", now.plus(found.isPresent() ? config.keepFound() : config.keepMissing()))
                .executeUpdate())).replaceWithVoid();
    }

    private static Lyrics read(CachedLyrics cached) {
        List<Lyrics.Line> lines = List.of();
        if (cached.timedLyrics && cached.lyricsData != null) {
            try {
                lines = JSON.readValue(cached.lyricsData, new TypeReference<List<Lyrics.Line>>() { });
            } catch (JsonProcessingException e) {
                lines = List.of();
            }
        }
        return new Lyrics(cached.lyrics, lines, cached.source);
    }
}
