package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.devkit.discord.DiscordState.Guild;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.Deflater;

/**
 * Discord's gateway v10 (JSON encoding, optional zlib-stream transport compression): HELLO,
 * IDENTIFY → READY + GUILD_CREATE, heartbeats and ACKs, RESUME → replay + RESUMED, RECONNECT,
 * INVALID_SESSION, voice state updates (op 4) answered with VOICE_STATE_UPDATE and
 * VOICE_SERVER_UPDATE, request guild members (op 8), dispatch of events to the shard owning a guild,
 * and of application events (entitlements) to shard 0.
 */
public final class GatewayServer {

    /** Gateway opcodes. */
    static final int DISPATCH = 0, HEARTBEAT = 1, IDENTIFY = 2, PRESENCE_UPDATE = 3, VOICE_STATE_UPDATE = 4,
            RESUME = 6, RECONNECT = 7, REQUEST_GUILD_MEMBERS = 8, INVALID_SESSION = 9, HELLO = 10, HEARTBEAT_ACK = 11;
    /**
     * The intent each gated event needs (Discord's list of intents); READY, RESUMED, VOICE_SERVER_UPDATE,
     * INTERACTION_CREATE, entitlements and member chunks are sent whatever a session asked for.
     */
    static final Map<String, Long> EVENT_INTENTS = Map.ofEntries(
            Map.entry("GUILD_CREATE", 1L << 0), Map.entry("GUILD_UPDATE", 1L << 0), Map.entry("GUILD_DELETE", 1L << 0),
            Map.entry("GUILD_ROLE_CREATE", 1L << 0), Map.entry("GUILD_ROLE_UPDATE", 1L << 0), Map.entry("GUILD_ROLE_DELETE", 1L << 0),
            Map.entry("CHANNEL_CREATE", 1L << 0), Map.entry("CHANNEL_UPDATE", 1L << 0), Map.entry("CHANNEL_DELETE", 1L << 0),
            Map.entry("GUILD_MEMBER_ADD", 1L << 1), Map.entry("GUILD_MEMBER_UPDATE", 1L << 1), Map.entry("GUILD_MEMBER_REMOVE", 1L << 1),
            Map.entry("VOICE_STATE_UPDATE", 1L << 7), Map.entry("PRESENCE_UPDATE", 1L << 8),
            Map.entry("MESSAGE_CREATE", 1L << 9), Map.entry("MESSAGE_UPDATE", 1L << 9), Map.entry("MESSAGE_DELETE", 1L << 9),
            Map.entry("TYPING_START", 1L << 11));
    /** Privileged intents an application must have enabled: GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT. */
    static final long PRIVILEGED_INTENTS = (1L << 1) | (1L << 8) | (1L << 15);

    /**
     * What the simulator saw a client do on the gateway (kind in lower case: identify, heartbeat, …),
     * and the application events it dispatched (kind is the event name: ENTITLEMENT_CREATE, …).
     */
    public record GatewayEvent(Instant at, String sessionId, int shardId, String kind, JsonNode payload) {
    }

    /** A gateway session: lives across connections until invalidated, so it can be resumed. */
    static final class Session {
        final String id = UUID.randomUUID().toString().replace("-", "");
        final int shardId;
        final int shardCount;
        final long intents;
        final List<ObjectNode> sent = new ArrayList<>();
        int sequence;
        volatile Connection connection;

        Session(int shardId, int shardCount, long intents) {
            this.shardId = shardId;
            this.shardCount = shardCount;
            this.intents = intents;
        }
    }

    /** One WebSocket connection. */
    final class Connection {
        final ServerWebSocket socket;
        final Deflater deflater;
        Session session;
        long lastHeartbeat = System.nanoTime();
        long timer;

        Connection(ServerWebSocket socket, boolean zlib) {
            this.socket = socket;
            this.deflater = zlib ? new Deflater() : null;
        }

        synchronized void send(ObjectNode payload) {
            if (socket.isClosed()) {
                return;
            }
            byte[] json = payload.toString().getBytes(StandardCharsets.UTF_8);
            if (deflater == null) {
                socket.writeTextMessage(new String(json, StandardCharsets.UTF_8));
                return;
            }
            deflater.setInput(json);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            // SYNC_FLUSH ends each message with 00 00 ff ff, the marker zlib-stream clients wait for.
            while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(chunk, 0, n);
                if (n < chunk.length) {
                    break;
                }
            }
            socket.writeBinaryMessage(Buffer.buffer(out.toByteArray()));
        }
    }

    private final Vertx vertx;
    private final DiscordState state;
    private final Duration heartbeatInterval;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
    private final VoiceServers voiceServers;
    private volatile boolean withholdHeartbeatAcks;

    GatewayServer(Vertx vertx, DiscordState state, Duration heartbeatInterval, VoiceServers voiceServers) {
        this.vertx = vertx;
        this.state = state;
        this.heartbeatInterval = heartbeatInterval;
        this.voiceServers = voiceServers;
    }

    void accept(ServerWebSocket socket) {
        String query = Optional.ofNullable(socket.query()).orElse("");
        if (query.contains("encoding=etf")) {
            socket.close((short) 4002, "This simulator speaks the JSON encoding only");
            return;
        }
        Connection connection = new Connection(socket, query.contains("compress=zlib-stream"));
        ObjectNode hello = payload(HELLO, null, null);
        hello.putObject("d").put("heartbeat_interval", heartbeatInterval.toMillis());
        connection.send(hello);
        socket.textMessageHandler(text -> handle(connection, text));
        socket.binaryMessageHandler(buffer -> socket.close((short) 4002, "Binary frames are not accepted"));
        socket.closeHandler(ignored -> {
            vertx.cancelTimer(connection.timer);
            if (connection.session != null && connection.session.connection == connection) {
                connection.session.connection = null;
            }
        });
        // Discord closes a connection whose heartbeats stop.
        connection.timer = vertx.setPeriodic(heartbeatInterval.toMillis(), id -> {
            long silentFor = System.nanoTime() - connection.lastHeartbeat;
            if (silentFor > heartbeatInterval.multipliedBy(3).toNanos() / 2 + Duration.ofSeconds(2).toNanos()) {
                socket.close((short) 4009, "Session timed out");
            }
        });
    }

    private void handle(Connection connection, String text) {
        JsonNode message;
        try {
            message = DiscordJson.parse(text);
        } catch (IllegalArgumentException e) {
            connection.socket.close((short) 4002, "Error while decoding payload");
            return;
        }
        int op = message.path("op").asInt(-1);
        JsonNode data = message.get("d");
        switch (op) {
            case HEARTBEAT -> {
                connection.lastHeartbeat = System.nanoTime();
                record(connection, "heartbeat", data);
                if (!withholdHeartbeatAcks) {
                    connection.send(payload(HEARTBEAT_ACK, null, null));
                }
            }
            case IDENTIFY -> identify(connection, data);
            case RESUME -> resume(connection, data);
            case VOICE_STATE_UPDATE -> voiceStateUpdate(connection, data);
            case REQUEST_GUILD_MEMBERS -> requestGuildMembers(connection, data);
            case PRESENCE_UPDATE -> record(connection, "presence_update", data);
            default -> connection.socket.close((short) 4001, "Unknown opcode");
        }
    }

    private void identify(Connection connection, JsonNode data) {
        if (connection.session != null) {
            connection.socket.close((short) 4005, "Already authenticated");
            return;
        }
        if (!state.botToken().equals(stripBot(data.path("token").asText()))) {
            connection.socket.close((short) 4004, "Authentication failed");
            return;
        }
        JsonNode shard = data.path("shard");
        int shardId = shard.isArray() ? shard.get(0).asInt() : 0;
        int shardCount = shard.isArray() ? shard.get(1).asInt() : 1;
        if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
            connection.socket.close((short) 4010, "Invalid shard");
            return;
        }
        long intents = data.path("intents").asLong();
        if ((intents & PRIVILEGED_INTENTS & ~allowedPrivilegedIntents) != 0) {
            connection.socket.close((short) 4014, "Disallowed intent(s)");
            return;
        }
        Session session = new Session(shardId, shardCount, intents);
        sessions.put(session.id, session);
        connection.session = session;
        session.connection = connection;
        record(connection, "identify", data);

        ObjectNode ready = DiscordJson.MAPPER.createObjectNode();
        ready.put("v", 10);
        ready.set("user", DiscordJson.selfUser(state.botUser()));
        ArrayNode guilds = ready.putArray("guilds");
        List<Guild> shardGuilds = guildsOf(session);
        shardGuilds.forEach(g -> guilds.addObject().put("id", g.id).put("unavailable", true));
        ready.put("session_id", session.id);
        ready.put("session_type", "normal");
        ready.put("resume_gateway_url", resumeUrl);
        ready.putArray("shard").add(shardId).add(shardCount);
        ready.putObject("application").put("id", state.applicationId()).put("flags", 0);
        ready.putArray("private_channels");
        ready.putArray("presences");
        ready.putArray("relationships");
        ready.putArray("guild_join_requests");
        ready.putObject("auth");
        ready.putArray("geo_ordered_rtc_regions").add("simulated");
        dispatch(session, "READY", ready);
        shardGuilds.forEach(g -> dispatch(session, "GUILD_CREATE", DiscordJson.guildCreate(g)));
    }

    private void resume(Connection connection, JsonNode data) {
        Session session = sessions.get(data.path("session_id").asText());
        if (session == null || !state.botToken().equals(stripBot(data.path("token").asText()))) {
            record(connection, "resume_rejected", data);
            ObjectNode invalid = payload(INVALID_SESSION, null, null);
            invalid.put("d", false);
            connection.send(invalid);
            return;
        }
        int seq = data.path("seq").asInt();
        if (seq > session.sequence) {
            connection.socket.close((short) 4007, "Invalid seq");
            return;
        }
        Connection previous = session.connection;
        if (previous != null && previous != connection) {
            previous.socket.close((short) 4000, "Resumed elsewhere");
        }
        connection.session = session;
        session.connection = connection;
        record(connection, "resume", data);
        List<ObjectNode> missed;
        synchronized (session) {
            missed = List.copyOf(session.sent.subList(Math.min(seq, session.sent.size()), session.sent.size()));
        }
        missed.forEach(connection::send);
        dispatch(session, "RESUMED", DiscordJson.MAPPER.createObjectNode());
    }

    private void voiceStateUpdate(Connection connection, JsonNode data) {
        Session session = connection.session;
        if (session == null) {
            connection.socket.close((short) 4003, "Not authenticated");
            return;
        }
        record(connection, "voice_state_update", data);
        String guildId = data.path("guild_id").asText();
        Optional<Guild> guild = state.findGuild(guildId);
        if (guild.isEmpty()) {
            return;
        }
        String channelId = data.path("channel_id").isNull() ? null : data.path("channel_id").asText(null);
        String voiceSessionId = UUID.randomUUID().toString().replace("-", "");
        DiscordState.VoiceState voiceState = new DiscordState.VoiceState(guildId, channelId, state.botUser().id(),
                voiceSessionId, data.path("self_mute").asBoolean(), data.path("self_deaf").asBoolean());
        state.setVoiceState(voiceState);
        ObjectNode stateUpdate = DiscordJson.voiceState(guild.get(), voiceState);
        dispatchToGuild(guildId, "VOICE_STATE_UPDATE", stateUpdate);
        if (channelId != null) {
            ObjectNode serverUpdate = DiscordJson.MAPPER.createObjectNode();
            serverUpdate.put("token", voiceServers.tokenFor(guildId, state.botUser().id(), voiceSessionId, channelId));
            serverUpdate.put("guild_id", guildId);
            serverUpdate.put("endpoint", voiceServers.endpoint());
            dispatchToGuild(guildId, "VOICE_SERVER_UPDATE", serverUpdate);
        }
    }

    private void requestGuildMembers(Connection connection, JsonNode data) {
        if (connection.session == null) {
            connection.socket.close((short) 4003, "Not authenticated");
            return;
        }
        record(connection, "request_guild_members", data);
        state.findGuild(data.path("guild_id").asText()).ifPresent(guild -> {
            ObjectNode chunk = DiscordJson.MAPPER.createObjectNode();
            chunk.put("guild_id", guild.id);
            ArrayNode members = chunk.putArray("members");
            guild.members.values().forEach(m -> members.add(DiscordJson.member(guild, m, true)));
            chunk.put("chunk_index", 0);
            chunk.put("chunk_count", 1);
            if (data.hasNonNull("nonce")) {
                chunk.put("nonce", data.get("nonce").asText());
            }
            dispatch(connection.session, "GUILD_MEMBERS_CHUNK", chunk);
        });
    }

    /** Sends an event to the session of the shard owning the guild (buffered for resume while it is away). */
    public boolean dispatchToGuild(String guildId, String type, ObjectNode data) {
        Optional<Session> session = sessionFor(guildId);
        session.ifPresent(s -> dispatch(s, type, data));
        return session.isPresent();
    }

    /**
     * Sends an application-level event (ENTITLEMENT_CREATE, _UPDATE, _DELETE) to the bot once, on
     * shard 0: these are not guild dispatches, and Discord sends what belongs to no guild (DMs) to
     * shard 0. Recorded in {@link #events()} under the event's name, sent or not.
     */
    public boolean dispatchToApplication(String type, ObjectNode data) {
        Optional<Session> session = sessions.values().stream()
                .filter(s -> s.shardId == 0)
                .max((a, b) -> Boolean.compare(a.connection != null, b.connection != null));
        session.ifPresent(s -> dispatch(s, type, data));
        events.add(new GatewayEvent(Instant.now(), session.map(s -> s.id).orElse(null), session.map(s -> s.shardId).orElse(-1),
                type, data.deepCopy()));
        return session.isPresent();
    }

    private void dispatch(Session session, String type, ObjectNode data) {
        Long intent = EVENT_INTENTS.get(type);
        if (intent != null && (session.intents & intent) == 0) {
            return; // Discord sends an intent's events only to sessions that asked for it
        }
        ObjectNode payload;
        Connection connection;
        synchronized (session) {
            session.sequence++;
            payload = payload(DISPATCH, type, session.sequence);
            payload.set("d", data);
            session.sent.add(payload);
            connection = session.connection;
        }
        if (connection != null) {
            connection.send(payload);
        }
    }

    /** The newest session for the guild's shard, connected or waiting to be resumed. */
    Optional<Session> sessionFor(String guildId) {
        return sessions.values().stream()
                .filter(s -> s.shardId == Snowflakes.shardOf(guildId, s.shardCount))
                .max((a, b) -> Boolean.compare(a.connection != null, b.connection != null));
    }

    private List<Guild> guildsOf(Session session) {
        return state.guilds().stream().filter(g -> Snowflakes.shardOf(g.id, session.shardCount) == session.shardId).toList();
    }

    // --- Faults on demand ----------------------------------------------------------------------

    /** Closes every connection abruptly (as a network drop would); sessions stay resumable. */
    public int dropConnections() {
        int dropped = 0;
        for (Session session : sessions.values()) {
            Connection connection = session.connection;
            if (connection != null) {
                connection.socket.close((short) 4000, "Unknown error");
                dropped++;
            }
        }
        return dropped;
    }

    /** Sends RECONNECT (op 7) on every connection, then closes it, as Discord does. */
    public void sendReconnect() {
        for (Session session : sessions.values()) {
            Connection connection = session.connection;
            if (connection != null) {
                connection.send(payload(RECONNECT, null, null));
                vertx.setTimer(200, id -> connection.socket.close((short) 4000, "Reconnect requested"));
            }
        }
    }

    /** Sends INVALID_SESSION (op 9, not resumable) and forgets the sessions: clients must identify again. */
    public void invalidateSessions() {
        for (Session session : List.copyOf(sessions.values())) {
            Connection connection = session.connection;
            sessions.remove(session.id);
            if (connection != null) {
                ObjectNode invalid = payload(INVALID_SESSION, null, null);
                invalid.put("d", false);
                connection.send(invalid);
            }
        }
    }

    public void withholdHeartbeatAcks(boolean withhold) {
        this.withholdHeartbeatAcks = withhold;
    }

    private volatile long allowedPrivilegedIntents = PRIVILEGED_INTENTS;
    private volatile String resumeUrl;

    void resumeUrl(String url) {
        this.resumeUrl = url;
    }

    /** Which privileged intents the application has enabled in the developer portal (all by default). */
    public void allowPrivilegedIntents(long intents) {
        this.allowedPrivilegedIntents = intents;
    }

    public List<GatewayEvent> events() {
        return List.copyOf(events);
    }

    /** Connected sessions by shard id. */
    public Map<Integer, String> connectedShards() {
        Map<Integer, String> shards = new java.util.TreeMap<>();
        sessions.values().stream().filter(s -> s.connection != null).forEach(s -> shards.put(s.shardId, s.id));
        return shards;
    }

    private void record(Connection connection, String kind, JsonNode payload) {
        Session session = connection.session;
        JsonNode safe = payload;
        if (payload != null && payload.has("token")) {
            safe = payload.deepCopy();
            ((ObjectNode) safe).put("token", "[redacted]");
        }
        events.add(new GatewayEvent(Instant.now(), session == null ? null : session.id,
                session == null ? -1 : session.shardId, kind, safe));
    }

    private static ObjectNode payload(int op, String type, Integer sequence) {
        ObjectNode node = DiscordJson.MAPPER.createObjectNode();
        node.put("op", op);
        node.putNull("d");
        if (sequence == null) {
            node.putNull("s");
        } else {
            node.put("s", sequence);
        }
        if (type == null) {
            node.putNull("t");
        } else {
            node.put("t", type);
        }
        return node;
    }

    private static String stripBot(String token) {
        return token.startsWith("Bot ") ? token.substring(4) : token;
    }
}
