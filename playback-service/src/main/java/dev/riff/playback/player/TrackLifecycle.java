package dev.riff.playback.player;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.playback.audio.AudioQuality;
import dev.riff.playback.audio.TrackLoader;
import dev.riff.playback.domain.GuildPlayer;
import dev.riff.playback.domain.PlayedTrack;
import dev.riff.playback.domain.QueueEntry;
import dev.riff.playback.domain.TrackRef;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.PlayerStateRepository;
import dev.riff.playback.repository.QueueRepository;
import dev.riff.support.reactive.OnVertxContext;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * A guild's tracks from start to end: what starts next (the queue, a looped track, autoplay), what
 * is recorded when one ends, and resuming a track where a previous node left it. Every method runs
 * in the guild's lane; none waits for another lane task.
 */
@ApplicationScoped
public class TrackLifecycle {

    private static final Logger LOG = Logger.getLogger(TrackLifecycle.class);
    /** Ends after which the queue does not go on: a member stopped the music or the bot left. */
    private static final Set<String> FINAL_ENDS = Set.of("stopped", "disconnected");

    private final TrackLoader loader;
    private final QueueRepository queue;
    private final PlayerStateRepository states;
    private final PlayerEvents events;
    private final OnVertxContext vertx;
    private final SegmentSkipper segments;

    TrackLifecycle(TrackLoader loader, QueueRepository queue, PlayerStateRepository states, PlayerEvents events, OnVertxContext vertx,
            SegmentSkipper segments) {
        this.segments = segments;
        this.loader = loader;
        this.queue = queue;
        this.states = states;
        this.events = events;
        this.vertx = vertx;
    }

    Uni<Void> started(GuildAudioPlayer player, AudioTrack track) {
        segments.watch(player, track);
        return vertx.transaction(() -> events.trackStarted(Tracks.event(player.guildId(), track, null)));
    }

    /**
     * Records the end (history, loop, the ended event) and goes on with the queue, unless the end
     * was final or a command already stopped the guild's music (the saved player has no current
     * track any more: a {@code stop} that came in just before this track's own end).
     */
    Uni<Void> ended(GuildAudioPlayer player, AudioTrack track, String reason) {
        TrackRef ended = Tracks.ref(track, Tracks.requestedBy(track), null);
        return recordEnd(player.guildId(), ended, track.getDuration(), track.getPosition(), reason)
                .chain(wasCurrent -> wasCurrent && !FINAL_ENDS.contains(reason) ? startNext(player) : Uni.createFrom().voidItem());
    }

    /** Takes the next queue entry (or an autoplay pick when the queue is dry and autoplay is on) and starts it. */
    public Uni<Void> startNext(GuildAudioPlayer player) {
        String guildId = player.guildId();
        return vertx.transaction(() -> states.obtain(guildId).chain(saved -> queue.next(guildId)
                .chain(next -> next != null || !saved.autoplay ? Uni.createFrom().item(next == null ? null : next.track())
                        .call(() -> next == null ? Uni.createFrom().voidItem() : next.delete())
                        : autoplayPick(guildId))
                .invoke(track -> {
                    if (track == null) {
                        PlayerStateRepository.idle(saved);
                    } else {
                        PlayerStateRepository.playing(saved, track);
                    }
                })))
                .chain(next -> next == null ? Uni.createFrom().voidItem() : start(player, next, 0));
    }

    /** Continues the saved current track where it was (a restored guild), or else goes on with the queue. */
    public Uni<Void> resumeOrStartNext(GuildAudioPlayer player) {
        if (player.playing()) {
            return Uni.createFrom().voidItem();
        }
        return vertx.transaction(() -> states.find(player.guildId())).chain(saved -> {
            if (saved == null || !saved.hasCurrentTrack()) {
                return startNext(player);
            }
            LOG.infof("Resuming guild %s at %d ms", player.guildId(), saved.positionMs);
            restoreSettings(player, saved);
            return start(player, saved.currentTrack(), saved.positionMs);
        });
    }

    /**
     * Starts a restored guild's saved track at its saved position before voice is ready, so its
     * frames are waiting when it is. Nothing more: the queue goes on only once voice is ready, so a
     * guild whose voice does not come back keeps its queue untouched.
     */
    public Uni<Void> resumeSaved(GuildAudioPlayer player) {
        if (player.playing()) {
            return Uni.createFrom().voidItem();
        }
        return vertx.transaction(() -> states.find(player.guildId())).chain(saved -> {
            if (saved == null || !saved.hasCurrentTrack()) {
                return Uni.createFrom().voidItem();
            }
            restoreSettings(player, saved);
            return tryStart(player, saved.currentTrack(), saved.positionMs).replaceWithVoid();
        });
    }

    /** The saved volume, pause, filter, SponsorBlock and quality, on a player that takes the guild over: it sounds as it did where it played before. */
    private void restoreSettings(GuildAudioPlayer player, GuildPlayer saved) {
        player.audio().setVolume(saved.volume);
        player.audio().setPaused(saved.paused);
        player.applyFilter(saved.filter);
        player.sponsorBlock(saved.sponsorBlock);
        loader.quality(player.audio(), AudioQuality.of(saved.audioQuality));
    }

    /**
     * Starts a loaded track, tagged with who asked for it. A command that has just loaded a track and
     * recorded it as the guild's current one calls this in the guild's lane right after its commit, so
     * nothing can come between.
     */
    public void startLoaded(GuildAudioPlayer player, AudioTrack track, String requestedBy) {
        track.setUserData(requestedBy);
        player.audio().startTrack(track, false);
    }

    /** Loads and starts a track; one that cannot be loaded is recorded as such and the queue goes on. */
    private Uni<Void> start(GuildAudioPlayer player, TrackRef track, long atMs) {
        return tryStart(player, track, atMs).chain(started -> started ? Uni.createFrom().voidItem()
                : recordEnd(player.guildId(), track, track.durationMs(), 0, "load-failed").chain(() -> startNext(player)));
    }

    /** Loads and starts a track at a position; answers whether it started. */
    private Uni<Boolean> tryStart(GuildAudioPlayer player, TrackRef track, long atMs) {
        return loader.load(track.url()).map(loaded -> {
            if (atMs > 0 && loaded.isSeekable()) {
                loaded.setPosition(atMs);
            }
            startLoaded(player, loaded, track.requestedBy());
            return true;
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("Track %s of guild %s failed to load: %s", track.url(), player.guildId(), failure.getMessage());
            return false;
        });
    }

    /**
     * History row, loop handling, the saved player going idle and the ended event, in one
     * transaction. Answers whether the track was still the guild's current one.
     */
    private Uni<Boolean> recordEnd(String guildId, TrackRef track, long durationMs, long positionMs, String reason) {
        return vertx.transaction(() -> {
            PlayedTrack played = PlayedTrack.of(guildId, track, reason);
            return played.persist().chain(() -> states.obtain(guildId)).chain(saved -> {
                boolean wasCurrent = saved.hasCurrentTrack();
                Uni<?> loop = Uni.createFrom().voidItem();
                if (reason.equals("finished") && !saved.loopMode.equals("off")) {
                    loop = queue.add(guildId, track, saved.loopMode.equals("track"));
                }
                PlayerStateRepository.idle(saved);
                return loop.chain(() -> events.trackEnded(new dev.riff.contracts.TrackEvent(guildId, track.title(), track.url(),
                        track.source(), track.requestedBy(), durationMs, positionMs, reason))).replaceWith(wasCurrent);
            });
        });
    }

    /**
     * Autoplay when the queue runs dry: a track this guild played through recently, chosen at random
     * among its last 50 full plays.
     */
    private Uni<TrackRef> autoplayPick(String guildId) {
        return PlayedTrack.<PlayedTrack>find("guildId = ?1 and playedFully = true", Sort.descending("playedAt"), guildId)
                .page(0, 50).list()
                .map(plays -> {
                    if (plays.isEmpty()) {
                        return null;
                    }
                    PlayedTrack pick = plays.get(ThreadLocalRandom.current().nextInt(plays.size()));
                    return new TrackRef(pick.title, pick.url, pick.source, "autoplay", pick.duration);
                });
    }
}
