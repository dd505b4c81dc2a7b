package dev.riff.playback.lavalink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One Lavalink client's session: its players (node-local: they live and die with the session, as
 * Lavalink clients expect) and its WebSocket. While the socket is gone and the session may resume,
 * messages wait in order (player updates excepted, as in Lavalink) and go out after the next ready.
 */
final class LavalinkSession {

    private static final Logger LOG = Logger.getLogger(LavalinkSession.class);
    /** Messages kept for a session waiting to resume; beyond this the oldest are dropped. */
    private static final int MAX_QUEUED = 10_000;

    final String id;
    final long userId;
    final String clientName;
    final Map<String, NodeLocalPlayer> players = new ConcurrentHashMap<>();

    private final ObjectMapper json;
    private final ArrayDeque<String> queued = new ArrayDeque<>();
    private ServerWebSocket socket;
    private boolean resuming;
    private long timeoutSeconds = 60;
    long resumeTimer = -1;

    LavalinkSession(String id, long userId, String clientName, ObjectMapper json) {
        this.id = id;
        this.userId = userId;
        this.clientName = clientName;
        this.json = json;
    }

    /** Takes a (new or resumed) socket: ready first, then what waited, then each player's state. */
    synchronized void attach(ServerWebSocket socket, boolean resumed) {
        this.socket = socket;
        socket.writeTextMessage(json.createObjectNode().put("op", "ready").put("resumed", resumed).put("sessionId", id).toString());
        while (!queued.isEmpty()) {
            socket.writeTextMessage(queued.pollFirst());
        }
        if (resumed) {
            players.values().forEach(NodeLocalPlayer::sendUpdate);
        }
    }

    /** The socket closed; true when the session waits to be resumed rather than ending. */
    synchronized boolean detach(ServerWebSocket closed) {
        if (socket == closed) {
            socket = null;
        }
        return resuming;
    }

    synchronized boolean connected() {
        return socket != null;
    }

    /** Sends a message now, or keeps it for the resume; {@code droppable} ones (player updates) are not kept. */
    synchronized void send(ObjectNode message, boolean droppable) {
        if (socket != null) {
            socket.writeTextMessage(message.toString());
            return;
        }
        if (droppable) {
            return;
        }
        if (queued.size() >= MAX_QUEUED) {
            queued.pollFirst();
            LOG.warnf("Lavalink session %s: over %d messages waiting for a resume; dropped the oldest", id, MAX_QUEUED);
        }
        queued.addLast(message.toString());
    }

    synchronized ObjectNode resumeSettings(Boolean resuming, Long timeoutSeconds) {
        if (resuming != null) {
            this.resuming = resuming;
        }
        if (timeoutSeconds != null) {
            this.timeoutSeconds = timeoutSeconds;
        }
        return json.createObjectNode().put("resuming", this.resuming).put("timeout", this.timeoutSeconds);
    }

    synchronized long timeoutSeconds() {
        return timeoutSeconds;
    }

    Collection<NodeLocalPlayer> playerList() {
        return List.copyOf(players.values());
    }

    /** Ends the session: every player stops and leaves voice; the socket, if any, is closed. */
    void destroy() {
        playerList().forEach(NodeLocalPlayer::destroy);
        players.clear();
        ServerWebSocket open;
        synchronized (this) {
            open = socket;
            socket = null;
            queued.clear();
        }
        if (open != null && !open.isClosed()) {
            open.close();
        }
    }
}
