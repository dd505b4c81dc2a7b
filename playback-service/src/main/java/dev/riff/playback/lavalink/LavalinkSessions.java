package dev.riff.playback.lavalink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.playback.audio.TrackLoader;
import dev.riff.playback.config.LavalinkConfig;
import dev.riff.playback.player.GuildPlayers;
import dev.riff.playback.service.VoiceService;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The Lavalink sessions of this node: made when a client's WebSocket opens, kept for their resume
 * timeout when it drops (players playing on meanwhile), ended with all their players when it passes.
 */
@ApplicationScoped
public class LavalinkSessions {

    private static final Logger LOG = Logger.getLogger(LavalinkSessions.class);
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final long STARTED = System.currentTimeMillis();

    private final Map<String, LavalinkSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LavalinkConfig config;
    private final LavalinkTracks tracks;
    private final TrackLoader loader;
    private final VoiceService voice;
    private final GuildPlayers guildPlayers;
    private final Vertx vertx;
    private final ObjectMapper json;
    /** One timer for the node: frame windows close together, so every session's stats describe the same minute. */
    private long statsTimer = -1;

    LavalinkSessions(LavalinkConfig config, LavalinkTracks tracks, TrackLoader loader, VoiceService voice, GuildPlayers guildPlayers,
            Vertx vertx, ObjectMapper json) {
        this.config = config;
        this.tracks = tracks;
        this.loader = loader;
        this.voice = voice;
        this.guildPlayers = guildPlayers;
        this.vertx = vertx;
        this.json = json;
    }

    /** Whether a socket naming {@code resumeId} takes that session back: it waits for a resume, and is the same bot's. */
    boolean resumable(String resumeId, long userId) {
        LavalinkSession waiting = resumeId == null ? null : sessions.get(resumeId);
        return waiting != null && waiting.userId == userId && !waiting.connected();
    }

    /** Whether another session may start: the node's limit counts those waiting to resume too. */
    boolean full() {
        return sessions.size() >= config.maxSessions();
    }

    /**
     * A client's socket is open: it resumes the session it names if that one waits for it, else it
     * starts a new one. Either way the client hears {@code ready} first.
     */
    void open(ServerWebSocket socket, long userId, String clientName, String resumeId) {
        if (resumable(resumeId, userId)) {
            LavalinkSession resumed = sessions.get(resumeId);
            vertx.cancelTimer(resumed.resumeTimer);
            resumed.resumeTimer = -1;
            LOG.infof("Lavalink session %s resumed by %s", resumed.id, clientName);
            bind(socket, resumed);
            resumed.attach(socket, true);
            return;
        }
        LavalinkSession session = new LavalinkSession(newId(), userId, clientName, json);
        sessions.put(session.id, session);
        LOG.infof("Lavalink session %s opened by %s for user %d", session.id, clientName, userId);
        bind(socket, session);
        session.attach(socket, false);
        sendStats(session);
        synchronized (this) {
            if (statsTimer < 0) {
                statsTimer = vertx.setPeriodic(config.statsInterval().toMillis(), id -> statsRound());
            }
        }
    }

    private void bind(ServerWebSocket socket, LavalinkSession session) {
        // v4 clients send nothing over the socket; anything they do send is ignored, as Lavalink does.
        socket.textMessageHandler(ignored -> { });
        socket.closeHandler(closed -> {
            if (session.detach(socket)) {
                long timeout = Math.max(1, session.timeoutSeconds());
                LOG.infof("Lavalink session %s lost its socket; kept %d s for a resume", session.id, timeout);
                session.resumeTimer = vertx.setTimer(timeout * 1000, id -> end(session, "its resume timeout passed"));
            } else if (!session.connected()) {
                end(session, "its socket closed");
            }
        });
    }

    private void end(LavalinkSession session, String why) {
        if (sessions.remove(session.id, session)) {
            LOG.infof("Lavalink session %s ended: %s", session.id, why);
            session.destroy();
        }
    }

    /** A session REST may use: live, with its socket (one waiting to resume is not found, as in Lavalink). */
    LavalinkSession live(String id) {
        LavalinkSession session = sessions.get(id);
        if (session == null || !session.connected()) {
            throw LavalinkError.notFound("Session not found");
        }
        return session;
    }

    NodeLocalPlayer obtainPlayer(LavalinkSession session, String guildId) {
        NodeLocalPlayer existing = session.players.get(guildId);
        if (existing != null) {
            return existing;
        }
        if (session.players.size() >= config.maxPlayersPerSession()) {
            throw LavalinkError.badRequest("This session has " + config.maxPlayersPerSession() + " players, the most a session may hold");
        }
        return session.players.computeIfAbsent(guildId, id -> new NodeLocalPlayer(id, session, loader.manager().createPlayer(), tracks,
                voice, vertx, config.playerUpdateInterval(), json));
    }

    Optional<NodeLocalPlayer> player(LavalinkSession session, String guildId) {
        return Optional.ofNullable(session.players.get(guildId));
    }

    void removePlayer(LavalinkSession session, String guildId) {
        NodeLocalPlayer player = session.players.remove(guildId);
        if (player != null) {
            player.destroy();
        }
    }

    /**
     * The node's stats as Lavalink reports them. Players count both kinds on this node, Lavalink
     * sessions' and Riff's own guilds', since they share its CPU and its send loop.
     */
    ObjectNode stats(boolean withFrameStats) {
        List<NodeLocalPlayer> players = sessions.values().stream().flatMap(session -> session.playerList().stream()).toList();
        GuildPlayers.Stats riff = guildPlayers.stats();
        long playing = players.stream().filter(NodeLocalPlayer::playing).count() + riff.playingPlayers();
        Runtime runtime = Runtime.getRuntime();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int cores = runtime.availableProcessors();
        ObjectNode stats = json.createObjectNode()
                .put("players", players.size() + riff.players())
                .put("playingPlayers", playing)
                .put("uptime", System.currentTimeMillis() - STARTED);
        stats.putObject("memory").put("free", runtime.freeMemory()).put("used", runtime.totalMemory() - runtime.freeMemory())
                .put("allocated", runtime.totalMemory()).put("reservable", runtime.maxMemory());
        stats.putObject("cpu").put("cores", cores).put("systemLoad", Math.max(0, os.getCpuLoad()))
                .put("lavalinkLoad", Math.max(0, os.getProcessCpuLoad()));
        if (withFrameStats) {
            frameStats(players, stats);
        }
        return stats;
    }

    /**
     * Lavalink's frame statistics: per-player averages over the last stats window (a minute by
     * default) of the frames sent and nulled, and the deficit against the 50 frames a second a
     * player should send; null while no playing player has a whole window yet.
     */
    private void frameStats(List<NodeLocalPlayer> players, ObjectNode stats) {
        long sent = 0;
        long nulled = 0;
        int counted = 0;
        for (NodeLocalPlayer player : players) {
            long[] frames = player.lastWindowFrames();
            if (frames != null) {
                sent += frames[0];
                nulled += frames[1];
                counted++;
            }
        }
        if (counted == 0) {
            stats.putNull("frameStats");
            return;
        }
        long expected = config.statsInterval().toMillis() / 20;
        stats.putObject("frameStats").put("sent", sent / counted).put("nulled", nulled / counted)
                .put("deficit", expected - (sent + nulled) / counted);
    }

    /** Every stats interval: each player's frame window closes, then every session hears the stats. */
    private void statsRound() {
        List<LavalinkSession> all = List.copyOf(sessions.values());
        all.forEach(session -> session.playerList().forEach(NodeLocalPlayer::closeFrameWindow));
        all.forEach(this::sendStats);
    }

    private void sendStats(LavalinkSession session) {
        session.send(stats(true).put("op", "stats"), false);
    }

    private String newId() {
        while (true) {
            StringBuilder id = new StringBuilder(16);
            for (int i = 0; i < 16; i++) {
                id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
            }
            if (!sessions.containsKey(id.toString())) {
                return id.toString();
            }
        }
    }

    @PreDestroy
    void shutdown() {
        if (statsTimer >= 0) {
            vertx.cancelTimer(statsTimer);
        }
        List.copyOf(sessions.values()).forEach(session -> end(session, "the node is stopping"));
    }
}
