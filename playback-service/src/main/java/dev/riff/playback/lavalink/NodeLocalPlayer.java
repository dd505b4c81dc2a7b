package dev.riff.playback.lavalink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.event.AudioEventAdapter;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackEndReason;
import com.sedmelluq.discord.lavaplayer.track.TrackMarker;
import com.sedmelluq.discord.lavaplayer.track.TrackMarkerHandler;
import dev.riff.playback.filter.AudioFilters;
import dev.riff.playback.service.VoiceService;
import dev.riff.voice.VoiceConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Lavalink client's player for one guild, on this node only: lavaplayer's player, Riff's voice
 * client (DAVE when the client names the voice channel), the filters, and the events and position
 * updates its session hears. Its failover, if any, is the client's business, as with Lavalink.
 */
final class NodeLocalPlayer extends AudioEventAdapter {

    private final String guildId;
    private final LavalinkSession session;
    private final AudioPlayer audio;
    private final LavalinkTracks tracks;
    private final VoiceService voiceService;
    private final Vertx vertx;
    private final Duration updateInterval;
    private final ObjectMapper json;
    /** A track stopped by its end time: it ends as finished, as in Lavalink, not as stopped. */
    private final AtomicReference<AudioTrack> endTimeReached = new AtomicReference<>();
    private volatile VoiceConnection voice;
    private volatile ObjectNode voiceState;
    private volatile AudioFilters filters;
    private long updateTimer = -1;
    /** The voice connection's frame counters at the last stats window's start, and what the last whole window saw. */
    private long[] frameMark;
    private volatile long[] lastWindowFrames;

    NodeLocalPlayer(String guildId, LavalinkSession session, AudioPlayer audio, LavalinkTracks tracks, VoiceService voiceService,
            Vertx vertx, Duration updateInterval, ObjectMapper json) {
        this.guildId = guildId;
        this.session = session;
        this.audio = audio;
        this.tracks = tracks;
        this.voiceService = voiceService;
        this.vertx = vertx;
        this.updateInterval = updateInterval;
        this.json = json;
        this.voiceState = json.createObjectNode().put("token", "").put("endpoint", "").put("sessionId", "");
        this.filters = AudioFilters.none(json.createObjectNode());
        audio.addListener(this);
    }

    boolean playing() {
        return audio.getPlayingTrack() != null && !audio.isPaused();
    }

    VoiceConnection voice() {
        return voice;
    }

    /**
     * Closes a stats window: the frames sent and nulled since the last call become the last
     * window's. A new voice connection (its counters start again) gives no window until the next.
     */
    synchronized void closeFrameWindow() {
        VoiceConnection connection = voice;
        if (connection == null || !playing()) {
            frameMark = null;
            lastWindowFrames = null;
            return;
        }
        long[] now = {connection.stats().sent(), connection.stats().nulled()};
        long[] mark = frameMark;
        lastWindowFrames = mark == null || now[0] < mark[0] || now[1] < mark[1] ? null : new long[] {now[0] - mark[0], now[1] - mark[1]};
        frameMark = now;
    }

    /** Frames sent and nulled in the last whole stats window, or null when there is none yet. */
    long[] lastWindowFrames() {
        return lastWindowFrames;
    }

    ObjectNode toJson() {
        ObjectNode node = json.createObjectNode().put("guildId", guildId);
        AudioTrack track = audio.getPlayingTrack();
        if (track == null) {
            node.putNull("track");
        } else {
            node.set("track", tracks.toJson(track));
        }
        node.put("volume", audio.getVolume()).put("paused", audio.isPaused());
        node.set("state", state());
        node.set("voice", voiceState.deepCopy());
        node.set("filters", filters.json().deepCopy());
        return node;
    }

    private ObjectNode state() {
        VoiceConnection connection = voice;
        boolean connected = connection != null && connection.state() == VoiceConnection.State.READY;
        AudioTrack track = audio.getPlayingTrack();
        return json.createObjectNode().put("time", System.currentTimeMillis())
                .put("position", track == null ? 0 : track.getPosition())
                .put("connected", connected)
                .put("ping", connected ? connection.pingMillis() : -1);
    }

    void sendUpdate() {
        ObjectNode update = json.createObjectNode().put("op", "playerUpdate").put("guildId", guildId);
        update.set("state", state());
        session.send(update, true);
    }

    /**
     * A player update (PATCH): checked whole first, so a refused update changes nothing; then voice,
     * then either the new track with its settings or the settings on the current one.
     */
    Uni<ObjectNode> update(PlayerUpdate update, boolean noReplace) {
        if (update.voice() != null) {
            connectVoice(update.voice());
        }
        if (!update.changesTrack()) {
            apply(update, audio.getPlayingTrack());
            return Uni.createFrom().item(this::toJson);
        }
        if (noReplace && audio.getPlayingTrack() != null) {
            return Uni.createFrom().item(this::toJson);
        }
        if (update.stops()) {
            audio.setPaused(update.paused() != null && update.paused());
            apply(update.withoutPosition(), null);
            audio.stopTrack();
            return Uni.createFrom().item(this::toJson);
        }
        Uni<AudioTrack> next = update.encoded() != null ? Uni.createFrom().item(() -> tracks.decode(update.encoded()))
                : tracks.loadOne(update.identifier());
        return next.map(track -> {
            if (update.position() != null) {
                track.setPosition(update.position());
            }
            if (update.userData() != null) {
                track.setUserData(update.userData());
            }
            audio.setPaused(update.paused() != null && update.paused());
            apply(update.withoutPosition().withoutUserData(), track);
            audio.startTrack(track, false);
            return toJson();
        });
    }

    /** Volume, pause, seek, end time, user data and filters, on {@code track} (the one playing or about to). */
    private void apply(PlayerUpdate update, AudioTrack track) {
        if (update.volume() != null) {
            audio.setVolume(update.volume());
        }
        if (update.paused() != null && !update.changesTrack()) {
            audio.setPaused(update.paused());
        }
        if (update.filters() != null) {
            filters = update.filters();
            audio.setFilterFactory(filters.factory());
        }
        if (track != null) {
            if (update.userData() != null) {
                track.setUserData(update.userData());
            }
            if (update.endTimeGiven()) {
                setEndTime(track, update.endTime());
            }
            if (update.position() != null && track.isSeekable()) {
                track.setPosition(update.position());
                sendUpdate();
            }
        }
        if (update.filters() != null) {
            sendUpdate();
        }
    }

    private void setEndTime(AudioTrack track, Long endTime) {
        if (endTime == null) {
            track.setMarker(null);
            return;
        }
        track.setMarker(new TrackMarker(endTime, state -> {
            if (state == TrackMarkerHandler.MarkerState.REACHED || state == TrackMarkerHandler.MarkerState.LATE) {
                endTimeReached.set(track);
                audio.stopTrack();
            }
        }));
    }

    private void connectVoice(ObjectNode voiceUpdate) {
        ObjectNode current = voiceState;
        VoiceConnection connection = voice;
        boolean same = current.equals(voiceUpdate) && connection != null && connection.state() != VoiceConnection.State.CLOSED;
        if (same) {
            return;
        }
        voiceState = voiceUpdate;
        String channelId = voiceUpdate.path("channelId").isTextual() ? voiceUpdate.path("channelId").asText() : null;
        VoiceConnection.Session voiceSession = new VoiceConnection.Session(guildId, channelId, Long.toString(session.userId),
                voiceUpdate.path("sessionId").asText(), voiceUpdate.path("endpoint").asText(), voiceUpdate.path("token").asText());
        VoiceConnection opened = voiceService.open(voiceSession, audio, (changed, state, reason) -> {
            if (changed != voice) {
                return;
            }
            if (state == VoiceConnection.State.CLOSED && changed.lastCloseCode() > 0) {
                ObjectNode closed = event("WebSocketClosedEvent").put("code", changed.lastCloseCode())
                        .put("reason", reason == null ? "" : reason).put("byRemote", true);
                session.send(closed, false);
            }
            if (state == VoiceConnection.State.READY || state == VoiceConnection.State.CLOSED) {
                sendUpdate();
            }
        });
        voice = opened;
        if (connection != null) {
            connection.close();
        }
        opened.connect();
    }

    // --- lavaplayer's events, as Lavalink's ---

    @Override
    public void onTrackStart(AudioPlayer player, AudioTrack track) {
        session.send(event("TrackStartEvent").set("track", tracks.toJson(track)), false);
        synchronized (this) {
            cancelUpdates();
            updateTimer = vertx.setPeriodic(1, updateInterval.toMillis(), id -> sendUpdate());
        }
    }

    @Override
    public void onTrackEnd(AudioPlayer player, AudioTrack track, AudioTrackEndReason endReason) {
        synchronized (this) {
            cancelUpdates();
        }
        String reason = endTimeReached.compareAndSet(track, null) ? "finished" : switch (endReason) {
            case FINISHED -> "finished";
            case LOAD_FAILED -> "loadFailed";
            case STOPPED -> "stopped";
            case REPLACED -> "replaced";
            case CLEANUP -> "cleanup";
        };
        session.send(event("TrackEndEvent").<ObjectNode>set("track", tracks.toJson(track)).put("reason", reason), false);
    }

    @Override
    public void onTrackException(AudioPlayer player, AudioTrack track, FriendlyException exception) {
        ObjectNode event = event("TrackExceptionEvent").set("track", tracks.toJson(track));
        event.set("exception", tracks.exception(exception));
        session.send(event, false);
    }

    @Override
    public void onTrackStuck(AudioPlayer player, AudioTrack track, long thresholdMs) {
        session.send(event("TrackStuckEvent").<ObjectNode>set("track", tracks.toJson(track)).put("thresholdMs", thresholdMs), false);
        sendUpdate();
    }

    private ObjectNode event(String type) {
        return json.createObjectNode().put("op", "event").put("type", type).put("guildId", guildId);
    }

    private void cancelUpdates() {
        if (updateTimer >= 0) {
            vertx.cancelTimer(updateTimer);
            updateTimer = -1;
        }
    }

    /** Stops, leaves voice and frees lavaplayer's player (the bot stays in the channel: that is the client's op 4). */
    void destroy() {
        synchronized (this) {
            cancelUpdates();
        }
        audio.removeListener(this);
        VoiceConnection connection = voice;
        voice = null;
        if (connection != null) {
            connection.close();
        }
        audio.destroy();
    }
}
