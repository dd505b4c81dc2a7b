package dev.riff.playback.service;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.event.AudioEventAdapter;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackEndReason;
import dev.riff.contracts.CommandCompleted;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.contracts.QueueChanged;
import dev.riff.contracts.TrackEvent;
import dev.riff.contracts.VoiceConnectRequested;
import dev.riff.contracts.VoiceServerUpdated;
import dev.riff.contracts.VoiceStateUpdated;
import dev.riff.playback.audio.PlayerOpusSource;
import dev.riff.playback.audio.TrackLoader;
import dev.riff.playback.config.PlaybackConfig;
import dev.riff.playback.domain.GuildPlayer;
import dev.riff.playback.domain.GuildQueue;
import dev.riff.playback.domain.PlayedTrack;
import dev.riff.playback.domain.QueueEntry;
import dev.riff.support.messaging.Outbox;
import dev.riff.support.reactive.OnVertxContext;
import dev.riff.voice.VoiceConnection;
import dev.riff.voice.VoiceSendLoop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The guilds this node plays for: applies their commands and voice updates in order, keeps every
 * queue and player state in PostgreSQL (so a restart or another node picks up where it was), drives
 * lavaplayer, and streams into the guild's voice connection. Every change is announced through the
 * outbox in the transaction that makes it.
 */
@ApplicationScoped
public class PlaybackService {

    private static final Logger LOG = Logger.getLogger(PlaybackService.class);

    private final TrackLoader loader;
    private final Outbox outbox;
    private final OnVertxContext vertx;
    private final PlaybackConfig config;
    private final VoiceSendLoop sendLoop = new VoiceSendLoop();
    private final java.net.http.HttpClient voiceGateways;
    private final java.util.concurrent.atomic.AtomicLong daveFailures = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, LivePlayer> players = new ConcurrentHashMap<>();

    PlaybackService(TrackLoader loader, Outbox outbox, OnVertxContext vertx, PlaybackConfig config) {
        this.loader = loader;
        this.outbox = outbox;
        this.vertx = vertx;
        this.config = config;
        this.voiceGateways = dev.riff.voice.VoiceTls.client(config.voiceTrustedCa());
    }

    // --- Commands --------------------------------------------------------------------------------

    public Uni<Void> command(PlaybackCommand command) {
        var gated = command.command().equals("play") ? premiumGate(command) : java.util.Optional.<CommandCompleted>empty();
        if (gated.isPresent()) {
            return transaction(() -> firstTime(command).chain(first -> first
                    ? outbox.publish(EventTypes.COMMAND_COMPLETED, command.guildId(), command.guildId(), gated.get()).replaceWithVoid()
                    : Uni.createFrom().voidItem()));
        }
        if (command.command().equals("play")) {
            return loader.load(String.valueOf(command.options().get("query")))
                    .chain(track -> transaction(() -> firstTime(command).chain(first -> first ? play(command, track) : Uni.createFrom().nullItem())))
                    .onFailure(TrackLoader.LoadFailure.class).recoverWithUni(failure -> transaction(() -> firstTime(command)
                            .chain(first -> first ? reply(command, false, ((TrackLoader.LoadFailure) failure).code, failure.getMessage(), Map.of())
                                    : Uni.createFrom().nullItem())))
                    .invoke(this::afterCommit)
                    .replaceWithVoid();
        }
        return transaction(() -> firstTime(command).chain(first -> first ? apply(command) : Uni.createFrom().nullItem()))
                .invoke(this::afterCommit)
                .replaceWithVoid();
    }

    /** In-memory effects run after the transaction that records them has committed. */
    private void afterCommit(Runnable effect) {
        if (effect != null) {
            effect.run();
        }
    }

    private Uni<Boolean> firstTime(PlaybackCommand command) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into processed_command (command_id) values (:id) on conflict do nothing")
                .setParameter("id", command.commandId()).executeUpdate()).map(inserted -> inserted == 1);
    }

    private Uni<Runnable> apply(PlaybackCommand command) {
        String guildId = command.guildId();
        LivePlayer live = players.get(guildId);
        AudioTrack track = live == null ? null : live.player.getPlayingTrack();
        return switch (command.command()) {
            case "pause", "resume" -> {
                boolean pause = command.command().equals("pause");
                if (track == null) {
                    yield reply(command, false, "not-playing", "Nothing is playing.", Map.of());
                }
                yield player(guildId).invoke(gp -> gp.paused = pause).call(this::stateChanged)
                        .chain(() -> reply(command, true, pause ? "paused" : "resumed", pause ? "Paused." : "Resumed.", Map.of()))
                        .map(ignored -> () -> live.player.setPaused(pause));
            }
            case "skip" -> track == null ? reply(command, false, "not-playing", "Nothing is playing.", Map.of())
                    : reply(command, true, "skipped", "Skipped **" + title(track) + "**.", Map.of())
                            .map(ignored -> () -> stopCurrent(live, "skipped"));
            case "voteskip" -> voteSkip(command, live, track);
            case "stop" -> Panache.getSession().chain(s -> queueOf(guildId)
                            .chain(queue -> queue == null ? Uni.createFrom().item(0L) : QueueEntry.delete("queueId", queue.id)))
                    .chain(() -> reply(command, true, "stopped", "Stopped and cleared the queue.", Map.of()))
                    .map(ignored -> () -> {
                        if (live != null && track != null) {
                            stopCurrent(live, "stopped");
                        }
                    });
            case "seek" -> {
                if (track == null || !track.isSeekable()) {
                    yield reply(command, false, "not-seekable", track == null ? "Nothing is playing." : "This track can't be seeked.", Map.of());
                }
                long target = parsePosition(String.valueOf(command.options().get("position")));
                if (target > track.getDuration()) {
                    yield reply(command, false, "beyond-end", "That is past the end of the track (" + clock(track.getDuration()) + ").", Map.of());
                }
                yield reply(command, true, "seeked", "Jumped to " + clock(target) + ".", Map.of()).map(ignored -> () -> track.setPosition(target));
            }
            case "volume" -> {
                int limit = intLimit(command, "volumeLimit", 200);
                int requested = Integer.parseInt(String.valueOf(command.options().get("percent")));
                int volume = Math.min(requested, limit);
                String text = volume < requested ? "Volume set to " + volume + "% (this server's limit)." : "Volume set to " + volume + "%.";
                yield player(guildId).invoke(gp -> gp.volume = volume).call(this::stateChanged)
                        .chain(() -> reply(command, true, "volume", text, Map.of("volume", volume)))
                        .map(ignored -> () -> {
                            if (live != null) {
                                live.player.setVolume(volume);
                            }
                        });
            }
            case "loop" -> {
                String mode = String.valueOf(command.options().get("mode"));
                yield player(guildId).invoke(gp -> gp.loopMode = mode).call(this::stateChanged)
                        .chain(() -> reply(command, true, "loop", "Loop: " + mode + ".", Map.of("mode", mode)));
            }
            case "nowplaying" -> track == null ? reply(command, false, "not-playing", "Nothing is playing.", Map.of())
                    : reply(command, true, "now-playing", "", nowPlaying(track, live.player.isPaused()));
            case "queue" -> queuePage(command);
            case "remove", "move", "clear", "shuffle" -> editQueue(command);
            case "disconnect" -> publishVoice(guildId, null)
                    .chain(() -> reply(command, true, "disconnected", "Left the voice channel.", Map.of()))
                    .map(ignored -> () -> {
                        if (live != null) {
                            stopCurrent(live, "stopped");
                        }
                    });
            case "history" -> PlayedTrack.<PlayedTrack>find("guildId", Sort.descending("playedAt"), guildId).page(0, 10).list()
                    .chain(plays -> reply(command, true, "history", plays.isEmpty() ? "Nothing has been played here yet."
                            : "Recently played:\n" + String.join("\n", plays.stream().map(p -> "• " + p.title
                                    + (p.playedFully ? "" : " (" + p.skipReason + ")")).toList()), Map.of()));
            case "lyrics" -> reply(command, false, "no-lyrics", track == null ? "Nothing is playing."
                    : "I have no lyrics for **" + title(track) + "**.", Map.of());
            default -> reply(command, false, "unknown-command", "I don't know /" + command.command() + ".", Map.of());
        };
    }

    /** Links to premium sources: the setting that unlocks each, and its name. */
    private static final Map<String, String[]> PREMIUM_SOURCES = Map.of(
            "spotify.com", new String[] {"spotifyEnabled", "Spotify"},
            "music.apple.com", new String[] {"appleMusicEnabled", "Apple Music"},
            "deezer.com", new String[] {"deezerEnabled", "Deezer"});

    /** Premium sources are gated by the server's (entitlement-capped) settings before anything loads. */
    static java.util.Optional<CommandCompleted> premiumGate(PlaybackCommand command) {
        String query = String.valueOf(command.options().get("query")).toLowerCase(java.util.Locale.ROOT);
        for (var source : PREMIUM_SOURCES.entrySet()) {
            if (query.matches("https?://([a-z0-9-]+\\.)*" + java.util.regex.Pattern.quote(source.getKey()) + "(/.*)?")) {
                boolean enabled = Boolean.TRUE.equals(command.limits().get(source.getValue()[0]));
                return java.util.Optional.of(new CommandCompleted(command.commandId(), command.guildId(), false,
                        enabled ? "source-unavailable" : "premium-required",
                        enabled ? source.getValue()[1] + " links can't be played by this node yet."
                                : source.getValue()[1] + " links need premium on this server.", Map.of()));
            }
        }
        return java.util.Optional.empty();
    }

    private Uni<?> stateChanged(GuildPlayer gp) {
        return outbox.publish(EventTypes.PLAYER_STATE_CHANGED, gp.guildId, gp.guildId,
                new dev.riff.contracts.PlayerStateChanged(gp.guildId, gp.paused, gp.volume, gp.loopMode));
    }

    private Uni<Runnable> play(PlaybackCommand command, AudioTrack track) {
        String guildId = command.guildId();
        long maxSeconds = intLimit(command, "maxSongDuration", Integer.MAX_VALUE);
        if (!track.getInfo().isStream && track.getDuration() / 1000 > maxSeconds) {
            return reply(command, false, "too-long", "That track is longer than this server allows (" + clock(maxSeconds * 1000) + ").", Map.of());
        }
        int maxQueue = intLimit(command, "maxQueueSize", 100);
        boolean next = Boolean.TRUE.equals(command.options().get("next"));
        return ensureQueue(guildId, command)
                .chain(queue -> QueueEntry.count("queueId", queue.id).chain(size -> {
                    if (size >= maxQueue) {
                        return reply(command, false, "queue-full", "The queue is full (" + maxQueue + " tracks).", Map.of());
                    }
                    return nextPosition(queue.id, next).chain(position -> {
                        QueueEntry entry = new QueueEntry();
                        entry.id = UUID.randomUUID();
                        entry.queueId = queue.id;
                        entry.title = title(track);
                        entry.url = track.getInfo().uri != null ? track.getInfo().uri : String.valueOf(command.options().get("query"));
                        entry.requestedBy = command.userId();
                        entry.duration = track.getInfo().isStream ? null : (int) (track.getDuration() / 1000);
                        entry.source = track.getSourceManager() == null ? "unknown" : track.getSourceManager().getSourceName();
                        entry.position = position;
                        entry.createdAt = Instant.now();
                        return entry.persist().chain(() -> player(guildId)).chain(gp -> {
                            LivePlayer live = players.get(guildId);
                            boolean idle = live == null || !live.playing();
                            gp.voiceChannelId = command.voiceChannelId();
                            gp.textChannelId = command.textChannelId();
                            gp.autoplay = Boolean.TRUE.equals(command.limits().get("autoplayEnabled"));
                            String text = idle && size == 0 ? "Playing **" + entry.title + "** (" + duration(track) + ")."
                                    : "Queued **" + entry.title + "** (" + duration(track) + ") at position " + (next ? 1 : size + 1) + ".";
                            Uni<Void> voice = live != null && live.voiceReady() ? Uni.createFrom().voidItem()
                                    : publishVoice(guildId, command.voiceChannelId());
                            return voice.chain(() -> outbox.publish(EventTypes.QUEUE_CHANGED, guildId, guildId,
                                            new QueueChanged(guildId, (int) (size + 1), "added")))
                                    .chain(() -> reply(command, true, idle && size == 0 ? "playing" : "queued", text,
                                            Map.of("title", entry.title, "url", entry.url, "position", next ? 1 : size + 1)))
                                    .map(ignored -> () -> {
                                        LivePlayer current = players.get(guildId);
                                        if (current != null && current.voiceReady() && !current.playing()) {
                                            startNext(guildId);
                                        }
                                    });
                        });
                    });
                }));
    }

    private Uni<Runnable> voteSkip(PlaybackCommand command, LivePlayer live, AudioTrack track) {
        if (track == null) {
            return reply(command, false, "not-playing", "Nothing is playing.", Map.of());
        }
        live.skipVotes.add(command.userId());
        double threshold = command.limits().get("voteSkipThreshold") instanceof Number n ? n.doubleValue() : 0.5;
        int needed = Math.max(1, (int) Math.ceil(Math.max(1, command.listeners()) * threshold));
        int votes = live.skipVotes.size();
        if (votes >= needed) {
            return reply(command, true, "skipped", "Vote passed (" + votes + "/" + needed + "): skipped **" + title(track) + "**.", Map.of())
                    .map(ignored -> () -> stopCurrent(live, "vote-skipped"));
        }
        return reply(command, true, "vote-counted", "Vote counted: " + votes + "/" + needed + " to skip.", Map.of("votes", votes, "needed", needed));
    }

    private Uni<Runnable> queuePage(PlaybackCommand command) {
        int pageSize = config.queuePageSize();
        int page = command.options().get("page") instanceof Number n ? Math.max(1, n.intValue()) : 1;
        return queueOf(command.guildId()).chain(queue -> queue == null ? Uni.createFrom().item(List.<QueueEntry>of())
                        : QueueEntry.<QueueEntry>find("queueId", Sort.by("position"), queue.id).list())
                .chain(entries -> {
                    int pages = Math.max(1, (entries.size() + pageSize - 1) / pageSize);
                    int shown = Math.min(page, pages);
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int i = (shown - 1) * pageSize; i < Math.min(entries.size(), shown * pageSize); i++) {
                        QueueEntry entry = entries.get(i);
                        items.add(Map.of("position", i + 1, "title", entry.title,
                                "durationMs", entry.duration == null ? 0 : entry.duration * 1000L));
                    }
                    return reply(command, true, "queue", entries.isEmpty() ? "The queue is empty." : entries.size() + " in the queue.",
                            Map.of("page", shown, "pages", pages, "items", items));
                });
    }

    private Uni<Runnable> editQueue(PlaybackCommand command) {
        return queueOf(command.guildId()).chain(queue -> queue == null ? Uni.createFrom().item(List.<QueueEntry>of())
                        : QueueEntry.<QueueEntry>find("queueId", Sort.by("position"), queue.id).list())
                .chain(entries -> {
                    List<QueueEntry> order = new ArrayList<>(entries);
                    String text;
                    switch (command.command()) {
                        case "remove" -> {
                            int index = Integer.parseInt(String.valueOf(command.options().get("position"))) - 1;
                            if (index < 0 || index >= order.size()) {
                                return reply(command, false, "no-such-position", "There is no track at position " + (index + 1) + ".", Map.of());
                            }
                            QueueEntry removed = order.remove(index);
                            text = "Removed **" + removed.title + "**.";
                            return removed.delete().chain(() -> renumber(order)).chain(() -> changed(command, order.size(), "removed", text));
                        }
                        case "move" -> {
                            int from = Integer.parseInt(String.valueOf(command.options().get("from"))) - 1;
                            int to = Integer.parseInt(String.valueOf(command.options().get("to"))) - 1;
                            if (from < 0 || from >= order.size() || to < 0 || to >= order.size()) {
                                return reply(command, false, "no-such-position", "Positions must be between 1 and " + order.size() + ".", Map.of());
                            }
                            QueueEntry moved = order.remove(from);
                            order.add(to, moved);
                            text = "Moved **" + moved.title + "** to position " + (to + 1) + ".";
                        }
                        case "shuffle" -> {
                            Collections.shuffle(order);
                            text = "Shuffled " + order.size() + " tracks.";
                        }
                        default -> {
                            return queueOf(command.guildId()).chain(queue -> queue == null ? Uni.createFrom().item(0L)
                                            : QueueEntry.delete("queueId", queue.id))
                                    .chain(() -> changed(command, 0, "cleared", "Cleared the queue."));
                        }
                    }
                    return renumber(order).chain(() -> changed(command, order.size(), command.command().equals("move") ? "moved" : "shuffled", text));
                });
    }

    private Uni<Runnable> changed(PlaybackCommand command, int length, String change, String text) {
        return outbox.publish(EventTypes.QUEUE_CHANGED, command.guildId(), command.guildId(), new QueueChanged(command.guildId(), length, change))
                .chain(() -> reply(command, true, change, text, Map.of()));
    }

    private static Uni<Void> renumber(List<QueueEntry> order) {
        for (int i = 0; i < order.size(); i++) {
            order.get(i).position = i + 1;
        }
        return Uni.createFrom().voidItem();
    }

    // --- Voice ----------------------------------------------------------------------------------

    public Uni<Void> voiceState(VoiceStateUpdated update) {
        return transaction(() -> player(update.guildId()).map(gp -> {
            gp.voiceSessionId = update.sessionId();
            if (update.channelId() == null) {
                gp.voiceEndpoint = null;
                gp.voiceToken = null;
                return (Runnable) () -> leaveVoice(update.guildId());
            }
            gp.voiceChannelId = update.channelId();
            return null;
        })).invoke(this::afterCommit).replaceWithVoid();
    }

    public Uni<Void> voiceServer(VoiceServerUpdated update) {
        return transaction(() -> player(update.guildId()).map(gp -> {
            gp.voiceEndpoint = update.endpoint();
            gp.voiceToken = update.token();
            gp.voiceSessionId = update.sessionId();
            gp.voiceUserId = update.userId();
            if (update.channelId() != null) {
                gp.voiceChannelId = update.channelId();
            }
            VoiceConnection.Session session = new VoiceConnection.Session(update.guildId(), gp.voiceChannelId, update.userId(),
                    update.sessionId(), update.endpoint(), update.token());
            return (Runnable) () -> connectVoice(session);
        })).invoke(this::afterCommit).replaceWithVoid();
    }

    private void connectVoice(VoiceConnection.Session session) {
        LivePlayer live = live(session.guildId());
        VoiceConnection previous = live.voice;
        if (previous != null) {
            previous.close();
        }
        live.voice = new VoiceConnection(session, new PlayerOpusSource(live.player), sendLoop,
                (connection, state, reason) -> {
                    LOG.infof("Voice in guild %s: %s (%s)", session.guildId(), state, reason);
                    if (state == VoiceConnection.State.CLOSED && connection.stats().daveFailures() > 0) {
                        daveFailures.incrementAndGet();
                    }
                    if (state == VoiceConnection.State.READY && !live.playing()) {
                        resumeOrStartNext(session.guildId());
                    }
                }, voiceGateways);
        live.voice.connect();
    }

    private void leaveVoice(String guildId) {
        LivePlayer live = players.remove(guildId);
        if (live != null) {
            live.stopReason = "disconnected";
            live.player.stopTrack();
            if (live.voice != null) {
                live.voice.close();
            }
            live.player.destroy();
        }
    }

    /** A restored player continues its current track where it was saved; otherwise the queue goes on. */
    private void resumeOrStartNext(String guildId) {
        transaction(() -> GuildPlayer.<GuildPlayer>findById(guildId)).subscribe().with(gp -> {
            if (gp != null && gp.hasCurrentTrack()) {
                LivePlayer live = live(guildId);
                live.resumeAtMs = gp.positionMs;
                live.player.setVolume(gp.volume);
                live.player.setPaused(gp.paused);
                loader.load(gp.currentUrl).subscribe().with(track -> {
                    track.setUserData(gp.currentRequestedBy);
                    if (live.resumeAtMs > 0 && track.isSeekable()) {
                        track.setPosition(live.resumeAtMs);
                    }
                    live.player.startTrack(track, false);
                }, failure -> startNext(guildId));
            } else {
                startNext(guildId);
            }
        }, failure -> LOG.errorf(failure, "Cannot restore the player of guild %s", guildId));
    }

    // --- Track lifecycle --------------------------------------------------------------------------

    /** Takes the next queue entry (or the same track again when looping it) and starts it. */
    void startNext(String guildId) {
        transaction(() -> player(guildId).chain(gp -> queueOf(guildId).chain(queue -> queue == null ? Uni.createFrom().<QueueEntry>nullItem()
                        : QueueEntry.<QueueEntry>find("queueId", Sort.by("position"), queue.id).firstResult())
                .chain((QueueEntry next) -> next != null || !gp.autoplay ? Uni.createFrom().item(next) : autoplayPick(guildId))
                .chain((QueueEntry entry) -> {
                    if (entry == null) {
                        gp.currentUrl = null;
                        gp.currentTitle = null;
                        gp.positionMs = 0;
                        return Uni.createFrom().<QueueEntry>nullItem();
                    }
                    gp.currentUrl = entry.url;
                    gp.currentTitle = entry.title;
                    gp.currentRequestedBy = entry.requestedBy;
                    gp.currentDurationMs = entry.duration == null ? null : entry.duration * 1000L;
                    gp.currentSource = entry.source;
                    gp.positionMs = 0;
                    gp.positionSavedAt = Instant.now();
                    return entry.isPersistent() ? entry.delete().replaceWith(entry) : Uni.createFrom().item(entry);
                })))
                .subscribe().with(entry -> {
                    if (entry == null) {
                        return;
                    }
                    LivePlayer live = live(guildId);
                    loader.load(entry.url).subscribe().with(track -> {
                        track.setUserData(entry.requestedBy);
                        live.player.startTrack(track, false);
                    }, failure -> {
                        LOG.warnf("Track %s of guild %s failed to load: %s", entry.url, guildId, failure.getMessage());
                        recordEnd(guildId, entry.title, entry.url, entry.source, entry.requestedBy, 0, 0, "load-failed")
                                .subscribe().with(ok -> startNext(guildId));
                    });
                }, failure -> LOG.errorf(failure, "Cannot start the next track of guild %s", guildId));
    }

    /**
     * Autoplay when the queue runs dry: a track this guild played through recently, chosen at random
     * among its last 50 full plays (both autoplay modes draw on the guild's own history here).
     */
    private Uni<QueueEntry> autoplayPick(String guildId) {
        return PlayedTrack.<PlayedTrack>find("guildId = ?1 and playedFully = true", Sort.descending("playedAt"), guildId)
                .page(0, 50).list()
                .chain(plays -> {
                    if (plays.isEmpty()) {
                        return Uni.createFrom().<QueueEntry>nullItem();
                    }
                    PlayedTrack pick = plays.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(plays.size()));
                    return queueOf(guildId).map(queue -> {
                        QueueEntry entry = new QueueEntry();
                        entry.id = UUID.randomUUID();
                        entry.queueId = queue.id;
                        entry.title = pick.title;
                        entry.url = pick.url;
                        entry.requestedBy = "autoplay";
                        entry.duration = pick.duration;
                        entry.source = pick.source;
                        entry.createdAt = Instant.now();
                        return entry;
                    });
                });
    }

    private LivePlayer live(String guildId) {
        return players.computeIfAbsent(guildId, id -> {
            AudioPlayer player = loader.manager().createPlayer();
            LivePlayer live = new LivePlayer(id, player);
            player.addListener(new AudioEventAdapter() {
                @Override
                public void onTrackStart(AudioPlayer p, AudioTrack track) {
                    live.skipVotes.clear();
                    publish(EventTypes.TRACK_STARTED, id, trackEvent(id, track, null));
                }

                @Override
                public void onTrackEnd(AudioPlayer p, AudioTrack track, AudioTrackEndReason reason) {
                    trackEnded(live, track, reason);
                }

                @Override
                public void onTrackException(AudioPlayer p, AudioTrack track, FriendlyException exception) {
                    live.stopReason = "failed";
                }

                @Override
                public void onTrackStuck(AudioPlayer p, AudioTrack track, long thresholdMs) {
                    LOG.warnf("Track %s stuck in guild %s for %d ms: skipping", track.getInfo().uri, id, thresholdMs);
                    stopCurrent(live, "stuck");
                }
            });
            return live;
        });
    }

    private void trackEnded(LivePlayer live, AudioTrack track, AudioTrackEndReason reason) {
        if (reason == AudioTrackEndReason.REPLACED) {
            return;
        }
        String why = live.stopReason != null ? live.stopReason : switch (reason) {
            case FINISHED -> "finished";
            case LOAD_FAILED -> "load-failed";
            case CLEANUP -> "cleanup";
            default -> "stopped";
        };
        live.stopReason = null;
        boolean goOn = !why.equals("stopped") && !why.equals("disconnected");
        recordEnd(live.guildId, title(track), track.getInfo().uri, track.getSourceManager() == null ? "unknown" : track.getSourceManager().getSourceName(),
                String.valueOf(track.getUserData()), track.getDuration(), track.getPosition(), why)
                .subscribe().with(ok -> {
                    if (goOn) {
                        startNext(live.guildId);
                    }
                }, failure -> LOG.errorf(failure, "Cannot record the end of a track in guild %s", live.guildId));
    }

    /** History row, loop handling and the ended event, in one transaction. */
    private Uni<Void> recordEnd(String guildId, String title, String url, String source, String requestedBy, long durationMs,
            long positionMs, String reason) {
        return transaction(() -> {
            PlayedTrack played = new PlayedTrack();
            played.id = UUID.randomUUID();
            played.guildId = guildId;
            played.userId = requestedBy == null ? "unknown" : requestedBy;
            played.title = title;
            played.url = url;
            played.duration = (int) (durationMs / 1000);
            played.source = source;
            played.playedAt = Instant.now();
            played.playedFully = reason.equals("finished");
            played.skipReason = played.playedFully ? null : reason;
            played.playbackQuality = "opus-48k-stereo";
            return played.persist().chain(() -> player(guildId)).chain(gp -> {
                Uni<?> loop = Uni.createFrom().voidItem();
                if (reason.equals("finished") && gp.loopMode.equals("track")) {
                    loop = requeue(guildId, title, url, source, requestedBy, durationMs, true);
                } else if (reason.equals("finished") && gp.loopMode.equals("queue")) {
                    loop = requeue(guildId, title, url, source, requestedBy, durationMs, false);
                }
                gp.currentUrl = null;
                gp.currentTitle = null;
                gp.positionMs = 0;
                return loop.chain(() -> outbox.publish(EventTypes.TRACK_ENDED, guildId, guildId,
                        new TrackEvent(guildId, title, url, source, requestedBy, durationMs, positionMs, reason)));
            }).replaceWithVoid();
        });
    }

    private Uni<Void> requeue(String guildId, String title, String url, String source, String requestedBy, long durationMs, boolean first) {
        return queueOf(guildId).chain(queue -> nextPosition(queue.id, first).chain(position -> {
            QueueEntry entry = new QueueEntry();
            entry.id = UUID.randomUUID();
            entry.queueId = queue.id;
            entry.title = title;
            entry.url = url;
            entry.source = source;
            entry.requestedBy = requestedBy == null ? "unknown" : requestedBy;
            entry.duration = (int) (durationMs / 1000);
            entry.position = position;
            entry.createdAt = Instant.now();
            return entry.persist().replaceWithVoid();
        }));
    }

    private void stopCurrent(LivePlayer live, String reason) {
        live.stopReason = reason;
        live.player.stopTrack();
    }

    // --- Ownership --------------------------------------------------------------------------------

    /** Plays again for guilds this node now owns: voice from the saved session, the track from the saved position. */
    public void restore(Collection<String> guildIds) {
        for (String guildId : guildIds) {
            transaction(() -> GuildPlayer.<GuildPlayer>findById(guildId)).subscribe().with(gp -> {
                if (gp != null && gp.voiceEndpoint != null && gp.voiceToken != null && gp.voiceSessionId != null) {
                    LOG.infof("Restoring guild %s at %d ms", guildId, gp.positionMs);
                    connectVoice(new VoiceConnection.Session(guildId, gp.voiceChannelId, gp.voiceUserId, gp.voiceSessionId,
                            gp.voiceEndpoint, gp.voiceToken));
                }
            }, failure -> LOG.errorf(failure, "Cannot restore guild %s", guildId));
        }
    }

    /** Stops playing for guilds another node now owns; their state stays in the database for it. */
    public void release(Collection<String> guildIds) {
        for (String guildId : guildIds) {
            LivePlayer live = players.remove(guildId);
            if (live != null) {
                if (live.voice != null) {
                    live.voice.close();
                }
                live.player.destroy();
            }
        }
    }

    public Collection<String> activeGuilds() {
        return List.copyOf(players.keySet());
    }

    /** Saves every playing track's position; called each second so a failover resumes close to where it was. */
    public Uni<Void> savePositions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        players.forEach((guildId, live) -> {
            AudioTrack track = live.player.getPlayingTrack();
            if (track != null) {
                positions.put(guildId, track.getPosition());
            }
        });
        if (positions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return transaction(() -> Panache.getSession().chain(session -> {
            Uni<Integer> all = Uni.createFrom().item(0);
            for (var entry : positions.entrySet()) {
                all = all.chain(() -> session.createNativeQuery(
                                "update guild_player set position_ms = :position, position_saved_at = now() where guild_id = :guild")
                        .setParameter("position", entry.getValue()).setParameter("guild", entry.getKey()).executeUpdate());
            }
            return all;
        })).replaceWithVoid();
    }

    public PlayerStats stats() {
        long sent = 0;
        long nulled = 0;
        long deficit = 0;
        long withheld = 0;
        int playing = 0;
        for (LivePlayer live : players.values()) {
            if (live.playing() && !live.player.isPaused()) {
                playing++;
            }
            if (live.voice != null) {
                sent += live.voice.stats().sent();
                nulled += live.voice.stats().nulled();
                deficit += live.voice.stats().deficit();
                withheld += live.voice.stats().withheld();
            }
        }
        return new PlayerStats(players.size(), playing, sent, nulled, deficit, withheld, daveFailures.get());
    }

    /**
     * @param framesWithheld frames not sent because the call needs DAVE and the player had no key
     * @param daveFailures voice connections since this node started whose DAVE handshake the voice gateway refused
     */
    public record PlayerStats(int players, int playingPlayers, long framesSent, long framesNulled, long framesDeficit,
            long framesWithheld, long daveFailures) {
    }

    @PreDestroy
    void shutdown() {
        players.values().forEach(live -> {
            if (live.voice != null) {
                live.voice.close();
            }
        });
        sendLoop.close();
    }

    // --- Helpers ----------------------------------------------------------------------------------

    private <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return vertx.run(() -> Panache.withTransaction(work));
    }

    private <T> void publish(dev.riff.contracts.EventType<T> type, String guildId, T data) {
        transaction(() -> outbox.publish(type, guildId, guildId, data)).subscribe().with(ok -> { },
                failure -> LOG.errorf(failure, "Cannot record %s for guild %s", type.name(), guildId));
    }

    private Uni<Runnable> reply(PlaybackCommand command, boolean ok, String code, String message, Map<String, Object> details) {
        return outbox.publish(EventTypes.COMMAND_COMPLETED, command.guildId(), command.guildId(),
                new CommandCompleted(command.commandId(), command.guildId(), ok, code, message, details)).replaceWith((Runnable) null);
    }

    private Uni<Void> publishVoice(String guildId, String channelId) {
        return outbox.publish(EventTypes.VOICE_CONNECT_REQUESTED, guildId, guildId, new VoiceConnectRequested(guildId, channelId)).replaceWithVoid();
    }

    private Uni<GuildPlayer> player(String guildId) {
        return GuildPlayer.<GuildPlayer>findById(guildId).chain(existing -> {
            if (existing != null) {
                existing.updatedAt = Instant.now();
                return Uni.createFrom().item(existing);
            }
            GuildPlayer created = new GuildPlayer();
            created.guildId = guildId;
            created.updatedAt = Instant.now();
            return created.persist().replaceWith(created);
        });
    }

    private static Uni<GuildQueue> queueOf(String guildId) {
        return GuildQueue.<GuildQueue>find("guildId", guildId).firstResult();
    }

    private static Uni<GuildQueue> ensureQueue(String guildId, PlaybackCommand command) {
        return queueOf(guildId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            GuildQueue queue = new GuildQueue();
            queue.id = UUID.randomUUID();
            queue.guildId = guildId;
            queue.voiceChannelId = command.voiceChannelId();
            queue.textChannelId = command.textChannelId();
            queue.createdAt = Instant.now();
            return queue.persist().replaceWith(queue);
        });
    }

    private static Uni<Long> nextPosition(UUID queueId, boolean first) {
        String query = first ? "select coalesce(min(e.position), 1) - 1 from QueueEntry e where e.queueId = ?1"
                : "select coalesce(max(e.position), 0) + 1 from QueueEntry e where e.queueId = ?1";
        return Panache.getSession().chain(session -> session.createSelectionQuery(query, Long.class).setParameter(1, queueId).getSingleResult());
    }

    private static int intLimit(PlaybackCommand command, String name, int fallback) {
        return command.limits() != null && command.limits().get(name) instanceof Number n ? n.intValue() : fallback;
    }

    private static String title(AudioTrack track) {
        String title = track.getInfo().title;
        return title == null || title.isBlank() || title.equals("Unknown title") ? fileName(track.getInfo().uri) : title;
    }

    private static String fileName(String uri) {
        if (uri == null) {
            return "Unknown track";
        }
        String path = uri.replaceAll("[?#].*", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static TrackEvent trackEvent(String guildId, AudioTrack track, String reason) {
        return new TrackEvent(guildId, title(track), track.getInfo().uri,
                track.getSourceManager() == null ? "unknown" : track.getSourceManager().getSourceName(),
                String.valueOf(track.getUserData()), track.getDuration(), track.getPosition(), reason);
    }

    private static Map<String, Object> nowPlaying(AudioTrack track, boolean paused) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("title", title(track));
        details.put("url", track.getInfo().uri);
        details.put("positionMs", track.getPosition());
        details.put("durationMs", track.getInfo().isStream ? 0 : track.getDuration());
        details.put("paused", paused);
        return details;
    }

    static long parsePosition(String text) {
        String[] parts = text.split(":");
        long seconds = 0;
        for (String part : parts) {
            seconds = seconds * 60 + Long.parseLong(part);
        }
        return seconds * 1000;
    }

    private static String duration(AudioTrack track) {
        return track.getInfo().isStream ? "live" : clock(track.getDuration());
    }

    static String clock(long millis) {
        long seconds = millis / 1000;
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
