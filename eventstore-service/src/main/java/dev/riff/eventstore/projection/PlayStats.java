package dev.riff.eventstore.projection;

import dev.riff.contracts.EventTypes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Per guild play counts, top tracks and top requesters (for /history and autoplay), counted per hour
 * from playback.track-started.v1. The appender folds each append's positions in its own transaction;
 * a rebuild folds positions 1..head the same way into an emptied table. A track is counted by the
 * first 600 characters of its URL (and a requester by 40), which keeps the index row within
 * PostgreSQL's limit whatever URL an event carries.
 */
@ApplicationScoped
public class PlayStats {

    private static final String FOLD = """
            insert into guild_play_stats (guild_id, hour, track_url, requested_by, title, plays)
            select coalesce(guild_id, event_data->>'guildId'), date_trunc('hour', "timestamp", 'UTC'), left(event_data->>'url', 600),
                   left(coalesce(event_data->>'requestedBy', 'unknown'), 40), max(left(coalesce(event_data->>'title', ''), 500)), count(*)
            from event_store_event
            where global_position between :first and :last and event_type = :type
              and coalesce(guild_id, event_data->>'guildId') is not null and event_data->>'url' is not null
            group by 1, 2, 3, 4
            on conflict (guild_id, hour, track_url, requested_by) do update
            set plays = guild_play_stats.plays + excluded.plays, title = greatest(guild_play_stats.title, excluded.title)
            """;

    public record TrackPlays(String url, String title, long plays) {
    }

    public record RequesterPlays(String userId, long plays) {
    }

    public record GuildStats(String guildId, Instant since, Instant until, long plays, List<TrackPlays> topTracks,
            List<RequesterPlays> topRequesters) {
    }

    /** Folds the events at positions first..last (already flushed in this session's transaction). */
    public Uni<Integer> apply(Mutiny.Session session, long first, long last) {
        return session.createNativeQuery(FOLD)
                .setParameter("first", first)
                .setParameter("last", last)
                .setParameter("type", EventTypes.TRACK_STARTED.name())
                .executeUpdate();
    }

    /** Empties the projection and folds the whole log again; appends wait meanwhile. Answers the head position. */
    public Uni<Long> rebuild() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                // The appenders' row lock: no append lands between the head read here and the fold.
                .createNativeQuery("select last_position from event_store_position where id = 1 for update", Long.class)
                .getSingleResult()
                .chain(head -> session.createNativeQuery("delete from guild_play_stats").executeUpdate()
                        .chain(() -> apply(session, 1, head))
                        .replaceWith(head))));
    }

    /** Plays in [since, until): whole hours, since is rounded down to its hour. */
    public Uni<GuildStats> stats(String guildId, Instant since, Instant until, int top) {
        String window = " from guild_play_stats where guild_id = :guild and hour >= date_trunc('hour', cast(:since as timestamptz), 'UTC') and hour < :until";
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(coalesce(sum(plays), 0) as bigint)" + window, Long.class)
                .setParameter("guild", guildId).setParameter("since", since).setParameter("until", until)
                .getSingleResult()
                .chain(plays -> session
                        .createNativeQuery("select track_url, max(title), cast(sum(plays) as bigint)" + window
                                + " group by track_url order by 3 desc, 1 limit :top", Object[].class)
                        .setParameter("guild", guildId).setParameter("since", since).setParameter("until", until).setParameter("top", top)
                        .getResultList()
                        .chain(tracks -> session
                                .createNativeQuery("select requested_by, cast(sum(plays) as bigint)" + window
                                        + " group by requested_by order by 2 desc, 1 limit :top", Object[].class)
                                .setParameter("guild", guildId).setParameter("since", since).setParameter("until", until).setParameter("top", top)
                                .getResultList()
                                .map(requesters -> new GuildStats(guildId, since, until, plays,
                                        tracks.stream().map(r -> new TrackPlays((String) r[0], (String) r[1], ((Number) r[2]).longValue())).toList(),
                                        requesters.stream().map(r -> new RequesterPlays((String) r[0], ((Number) r[1]).longValue())).toList()))))));
    }
}
