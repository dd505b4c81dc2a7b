package dev.riff.playback.service;

import dev.riff.playback.config.PlaybackConfig;
import dev.riff.playback.player.GuildAudioPlayer;
import dev.riff.playback.player.GuildPlayers;
import dev.riff.support.reactive.OnVertxContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** Saves playing positions on a timer: what a crashed node loses is at most one interval of a track. */
@ApplicationScoped
public class PositionSaver {

    private static final Logger LOG = Logger.getLogger(PositionSaver.class);

    private final GuildPlayers players;
    private final PlaybackConfig config;
    private final Vertx vertx;
    private final OnVertxContext context;
    private long timer = -1;

    PositionSaver(GuildPlayers players, PlaybackConfig config, Vertx vertx, OnVertxContext context) {
        this.players = players;
        this.config = config;
        this.vertx = vertx;
        this.context = context;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.positionSaveInterval().toMillis(), id -> savePositions()
                .subscribe().with(ok -> { }, failure -> LOG.warnf("Positions not saved: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Every playing track's position, in one statement. Positions are read on a worker thread:
     * lavaplayer's getPosition can wait on a track's lock while the track starts decoding.
     */
    Uni<Void> savePositions() {
        return Uni.createFrom().item(this::positions).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(positions -> positions.isEmpty() ? Uni.createFrom().voidItem() : save(positions));
    }

    private Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        for (GuildAudioPlayer player : players.all()) {
            var track = player.playingTrack();
            if (track != null) {
                positions.put(player.guildId(), track.getPosition());
            }
        }
        return positions;
    }

    private Uni<Void> save(Map<String, Long> positions) {
        return context.transaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        update guild_player p set position_ms = s.position, position_saved_at = now()
                        from unnest(cast(:guilds as text[]), cast(:positions as bigint[])) as s(guild, position)
                        where p.guild_id = s.guild""")
                .setParameter("guilds", positions.keySet().toArray(String[]::new))
                .setParameter("positions", positions.values().toArray(Long[]::new))
                .executeUpdate())).replaceWithVoid();
    }
}
