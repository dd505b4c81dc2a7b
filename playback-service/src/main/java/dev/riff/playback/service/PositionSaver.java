package dev.riff.playback.service;

import dev.riff.playback.config.PlaybackConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Saves playing positions on a timer: what a crashed node loses is at most one interval of a track. */
@ApplicationScoped
public class PositionSaver {

    private static final Logger LOG = Logger.getLogger(PositionSaver.class);

    private final PlaybackService playback;
    private final PlaybackConfig config;
    private final Vertx vertx;
    private long timer = -1;

    PositionSaver(PlaybackService playback, PlaybackConfig config, Vertx vertx) {
        this.playback = playback;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.positionSaveInterval().toMillis(), id -> playback.savePositions()
                .subscribe().with(ok -> { }, failure -> LOG.warnf("Positions not saved: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
