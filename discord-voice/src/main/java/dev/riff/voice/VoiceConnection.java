package dev.riff.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import dev.riff.voice.dave.DaveHandler;
import dev.riff.voice.dave.DaveSession;
import org.jboss.logging.Logger;

/**
 * A bot's voice connection in one guild: Discord's voice gateway v8 (identify, select protocol,
 * heartbeats acknowledging the last sequence, resume after a drop), UDP IP discovery, and RTP with
 * AEAD transport encryption. DAVE end-to-end encryption is offered on identify and runs when the
 * voice server selects it ({@link DaveHandler}). Frames come from an {@link OpusSource}, pass the
 * DAVE encryptor, are sealed and sent by the shared {@link VoiceSendLoop}.
 */
public final class VoiceConnection implements AutoCloseable {

    /**
     * Everything Discord's voice state and voice server updates told the bot. DAVE's group is the voice
     * channel: without {@code channelId} (null, as from a Lavalink v4.0/4.1 client) the connection offers
     * no DAVE version and sends with transport encryption only.
     */
    public record Session(String guildId, String channelId, String userId, String sessionId, String endpoint, String token) {

        boolean canDave() {
            return channelId != null;
        }
    }

    public enum State { CONNECTING, READY, RESUMING, CLOSED }

    /** Notified as the connection's state changes. */
    public interface Listener {
        void stateChanged(VoiceConnection connection, State state, String reason);
    }

    private static final Logger LOG = Logger.getLogger(VoiceConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient JDK_TRUST = VoiceTls.client(java.util.Optional.empty());
    private static final ScheduledExecutorService HEARTBEATS = Executors.newScheduledThreadPool(1,
            Thread.ofPlatform().name("voice-heartbeat").daemon(true).factory());
    /** Voice gateway opcodes (v8). */
    static final int IDENTIFY = 0, SELECT_PROTOCOL = 1, READY = 2, HEARTBEAT = 3, SESSION_DESCRIPTION = 4, SPEAKING = 5,
            HEARTBEAT_ACK = 6, RESUME = 7, HELLO = 8, RESUMED = 9;
    /** Voice close code 4002: the gateway could not decode a payload we sent. */
    public static final int FAILED_TO_DECODE = 4002;
    private static final int SILENCE_FRAMES = 5;
    private static final int MAX_RESUMES = 5;

    private final HttpClient gateways;
    private final Session session;
    private final OpusSource source;
    private final DaveHandler dave;
    private final VoiceSendLoop sendLoop;
    private final Listener listener;
    private final VoiceStats stats = new VoiceStats();

    private volatile State state = State.CONNECTING;
    private volatile WebSocket socket;
    private volatile DatagramChannel udp;
    private volatile TransportCipher cipher;
    private volatile int ssrc;
    private volatile int lastSequence = -1;
    private volatile boolean closing;
    private ScheduledFuture<?> heartbeat;
    private int resumeAttempts;

    private int rtpSequence;
    private int rtpTimestamp;
    private boolean speaking;
    private int silenceLeft;
    private volatile long pingMillis = -1;
    private volatile int lastCloseCode = -1;

    /** A connection whose voice gateway must present a certificate the JDK's authorities trust (Discord's do). */
    public VoiceConnection(Session session, OpusSource source, VoiceSendLoop sendLoop, Listener listener) {
        this(session, source, sendLoop, listener, JDK_TRUST);
    }

    /** @param gateways the client for the voice gateway's WebSocket, with its TLS trust ({@link VoiceTls#client}) */
    public VoiceConnection(Session session, OpusSource source, VoiceSendLoop sendLoop, Listener listener, HttpClient gateways) {
        this.gateways = gateways;
        this.session = session;
        this.source = source;
        this.dave = new DaveHandler(Long.parseLong(session.userId()), session.canDave() ? Long.parseLong(session.channelId()) : 0, false,
                new DaveHandler.Outbound() {
                    @Override
                    public void json(int op, ObjectNode data) {
                        send(op, data);
                    }

                    @Override
                    public void binary(byte[] message) {
                        sendBinary(message);
                    }
                });
        this.sendLoop = sendLoop;
        this.listener = listener;
    }

    public String guildId() {
        return session.guildId();
    }

    /** The voice gateway's round trip as its last heartbeat measured it, in ms; -1 before the first. */
    public long pingMillis() {
        return pingMillis;
    }

    /** The close code the voice gateway last closed with; -1 if it never did. */
    public int lastCloseCode() {
        return lastCloseCode;
    }

    public Session session() {
        return session;
    }

    public State state() {
        return state;
    }

    public VoiceStats stats() {
        return stats;
    }

    /** The DAVE state of this connection: protocol version, MLS group, encryptor. */
    public DaveHandler dave() {
        return dave;
    }

    /** Opens the voice gateway; the connection becomes READY once the server has described the session. */
    public void connect() {
        open(false);
    }

    private void open(boolean resume) {
        // Discord's voice gateways are wss only, the simulator's too (with its development CA).
        URI uri = URI.create("wss://" + session.endpoint() + "/?v=8");
        gateways.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Messages(resume))
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                        String detail = cause instanceof java.net.http.WebSocketHandshakeException refused
                                ? "HTTP " + refused.getResponse().statusCode() : String.valueOf(cause);
                        reconnectOrClose("voice gateway unreachable: " + detail);
                    }
                });
    }

    private final class Messages implements WebSocket.Listener {
        private final boolean resume;
        private final StringBuilder partial = new StringBuilder();
        private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();

        Messages(boolean resume) {
            this.resume = resume;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    handle(webSocket, JSON.readTree(text), resume);
                } catch (Exception e) {
                    LOG.warnf("Voice gateway message for guild %s not handled: %s", session.guildId(), e.toString());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            // Binary frames carry DAVE's MLS messages.
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partialBinary.writeBytes(chunk);
            if (last) {
                byte[] message = partialBinary.toByteArray();
                partialBinary.reset();
                if (message.length >= 3) {
                    lastSequence = dave.onBinary(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(1006, error.getMessage());
        }
    }

    private void handle(WebSocket ws, JsonNode message, boolean resume) throws IOException {
        if (message.has("seq") && !message.get("seq").isNull()) {
            lastSequence = message.get("seq").asInt();
        }
        JsonNode data = message.path("d");
        switch (message.path("op").asInt(-1)) {
            case HELLO -> {
                startHeartbeat(data.path("heartbeat_interval").asLong(13_750));
                if (resume) {
                    send(RESUME, JSON.createObjectNode().put("server_id", session.guildId()).put("session_id", session.sessionId())
                            .put("token", session.token()).put("seq_ack", lastSequence));
                } else {
                    send(IDENTIFY, JSON.createObjectNode().put("server_id", session.guildId()).put("user_id", session.userId())
                            .put("session_id", session.sessionId()).put("token", session.token())
                            .put("max_dave_protocol_version", session.canDave() ? DaveSession.PROTOCOL_VERSION : 0));
                }
            }
            case READY -> ready(data);
            case SESSION_DESCRIPTION -> {
                byte[] key = new byte[32];
                for (int i = 0; i < 32; i++) {
                    key[i] = (byte) data.path("secret_key").get(i).asInt();
                }
                cipher = TransportCipher.forMode(data.path("mode").asText(), key);
                dave.sessionDescribed(data.path("dave_protocol_version").asInt(0));
                becomeReady("session described (" + data.path("mode").asText() + ")");
            }
            case RESUMED -> becomeReady("resumed");
            case HEARTBEAT_ACK -> {
                // v8 echoes the heartbeat's nonce, the time it was sent.
                long sent = data.path("t").asLong(0);
                if (sent > 0) {
                    pingMillis = Math.max(0, System.currentTimeMillis() - sent);
                }
            }
            case SPEAKING -> {
            }
            default -> {
                if (!dave.onJson(message.path("op").asInt(-1), data)) {
                    LOG.debugf("Voice opcode %d ignored", message.path("op").asInt());
                }
            }
        }
    }

    private void ready(JsonNode data) throws IOException {
        ssrc = data.path("ssrc").asInt();
        List<String> modes = new ArrayList<>();
        data.path("modes").forEach(mode -> modes.add(mode.asText()));
        String mode = TransportCipher.choose(modes);
        DatagramChannel channel = DatagramChannel.open();
        channel.connect(new InetSocketAddress(data.path("ip").asText(), data.path("port").asInt()));
        channel.socket().setSoTimeout(5000);
        InetSocketAddress external = discover(channel);
        udp = channel;
        ObjectNode select = JSON.createObjectNode().put("protocol", "udp");
        select.putObject("data").put("address", external.getHostString()).put("port", external.getPort()).put("mode", mode);
        send(SELECT_PROTOCOL, select);
    }

    /** UDP IP discovery, retried a few times: UDP may drop the first packets. */
    private InetSocketAddress discover(DatagramChannel channel) throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            channel.write(ByteBuffer.wrap(IpDiscovery.request(ssrc)));
            ByteBuffer response = ByteBuffer.allocate(IpDiscovery.PACKET_LENGTH);
            channel.configureBlocking(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < deadline) {
                if (channel.read(response) == IpDiscovery.PACKET_LENGTH) {
                    return IpDiscovery.parse(response.array());
                }
                sleep(10);
            }
        }
        throw new IOException("no answer to UDP IP discovery");
    }

    private void becomeReady(String reason) {
        resumeAttempts = 0;
        state = State.READY;
        sendLoop.add(this);
        listener.stateChanged(this, State.READY, reason);
    }

    private void startHeartbeat(long intervalMillis) {
        synchronized (this) {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            heartbeat = HEARTBEATS.scheduleAtFixedRate(() -> send(HEARTBEAT, JSON.createObjectNode()
                    .put("t", System.currentTimeMillis()).put("seq_ack", lastSequence)), 0, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Called by the send loop every 20 ms. */
    void sendNextFrame() {
        DatagramChannel channel = udp;
        TransportCipher transport = cipher;
        if (state != State.READY || channel == null || transport == null) {
            return;
        }
        byte[] frame = source.nextFrame();
        if (frame == null) {
            if (!speaking) {
                return;
            }
            if (silenceLeft == 0) {
                silenceLeft = SILENCE_FRAMES;
            }
            stats.nulled.incrementAndGet();
            frame = Rtp.SILENCE_FRAME;
            if (--silenceLeft == 0) {
                setSpeaking(false);
            }
        } else {
            silenceLeft = 0;
            if (!speaking) {
                setSpeaking(true);
            }
            frame = dave.encryptor().encrypt(frame);
            if (frame == null) {
                // Withheld (a DAVE call with no key for us): no packet, so no sequence number; the media clock moves on.
                stats.withheld.incrementAndGet();
                rtpTimestamp += Rtp.SAMPLES_PER_FRAME;
                return;
            }
        }
        byte[] packet = transport.seal(Rtp.header(rtpSequence, rtpTimestamp, ssrc), frame);
        rtpSequence = (rtpSequence + 1) & 0xffff;
        rtpTimestamp += Rtp.SAMPLES_PER_FRAME;
        try {
            channel.write(ByteBuffer.wrap(packet));
            stats.sent.incrementAndGet();
        } catch (IOException e) {
            LOG.debugf("Voice packet for guild %s not sent: %s", session.guildId(), e.getMessage());
        }
    }

    private void setSpeaking(boolean on) {
        speaking = on;
        send(SPEAKING, JSON.createObjectNode().put("speaking", on ? 1 : 0).put("delay", 0).put("ssrc", ssrc));
    }

    private void send(int op, JsonNode data) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return;
        }
        ObjectNode message = JSON.createObjectNode().put("op", op);
        message.set("d", data);
        synchronized (ws) {
            ws.sendText(message.toString(), true).join();
        }
    }

    private void sendBinary(byte[] message) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return;
        }
        synchronized (ws) {
            ws.sendBinary(ByteBuffer.wrap(message), true).join();
        }
    }

    private void closed(int code, String reason) {
        if (closing) {
            return;
        }
        lastCloseCode = code;
        sendLoop.remove(this);
        switch (code) {
            // Session gone or the bot was removed from the channel: this connection cannot come back.
            case 4004, 4006, 4009, 4011, 4014, 4016 -> finish("voice gateway closed " + code + " " + reason);
            // The voice gateway could not read what we sent (a DAVE key package, say): retrying sends the same again.
            case FAILED_TO_DECODE -> {
                stats.daveFailures.incrementAndGet();
                LOG.errorf("Voice gateway of guild %s refused our payload (%d %s): the call's end-to-end encryption failed, leaving it",
                        session.guildId(), code, reason);
                finish("voice gateway closed " + code + " " + reason + " (DAVE handshake failed)");
            }
            default -> reconnectOrClose("voice gateway closed " + code + " " + reason);
        }
    }

    private void reconnectOrClose(String reason) {
        if (closing || ++resumeAttempts > MAX_RESUMES) {
            finish(reason + "; giving up");
            return;
        }
        state = State.RESUMING;
        listener.stateChanged(this, State.RESUMING, reason);
        long delay = Math.min(5000, 250L << resumeAttempts);
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> open(true));
    }

    private void finish(String reason) {
        state = State.CLOSED;
        closing = true;
        stopHeartbeat();
        closeUdp();
        listener.stateChanged(this, State.CLOSED, reason);
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        state = State.CLOSED;
        sendLoop.remove(this);
        stopHeartbeat();
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        closeUdp();
    }

    private synchronized void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    private void closeUdp() {
        DatagramChannel channel = udp;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
