package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sedmelluq.discord.lavaplayer.natives.opus.OpusDecoder;
import dev.riff.devkit.discord.dave.DaveCall;
import dev.riff.devkit.discord.dave.DaveListener;
import dev.riff.voice.IpDiscovery;
import dev.riff.voice.Rtp;
import dev.riff.voice.TransportCipher;
import dev.riff.voice.dave.DaveHandler;
import dev.riff.voice.dave.ProtocolFrame;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Discord's voice servers, simulated: the voice gateway v8 (identify authenticated against the
 * token and session from VOICE_SERVER_UPDATE, ready with SSRC, address and modes, protocol
 * selection, session description with a fresh secret key, heartbeat ACKs, resume) and the UDP
 * side (IP discovery; RTP packets decrypted with the session's mode and decoded from Opus, or only
 * timed: {@link Recording}), so tests can listen to what the bot plays. Calls are DAVE calls by
 * default, as Discord's are: the server runs the {@link DaveCall} role and forwards the bot's
 * end-to-end encrypted frames to simulated {@link DaveListener}s, the only ones able to decode them.
 */
public final class VoiceServer implements AutoCloseable {

    /** One received audio frame: when it arrived, its RTP fields, and the decoded 48 kHz stereo PCM. */
    public record Frame(long arrivalNanos, int sequence, int timestamp, short[] pcm) {
    }

    /** What the server keeps of each frame the bot sends. */
    public enum Recording {
        /** The frame decoded to PCM ({@link Call#frames}): what tests listen to. */
        PCM,
        /**
         * Only when it arrived ({@link Call#arrivalNanos}): decoding is a listener's work, and for
         * hundreds of calls in the bot's own JVM it would take the CPU the bot is measured on.
         */
        ARRIVALS
    }

    /** Everything the bot sent in one guild's call. */
    public static final class Call {
        public final String guildId;
        public final String userId;
        public final List<Frame> frames = new CopyOnWriteArrayList<>();
        public final List<Integer> speaking = new CopyOnWriteArrayList<>();
        volatile String sessionId;
        volatile String token;
        volatile int ssrc;
        volatile TransportCipher cipher;
        volatile ServerWebSocket socket;
        volatile int seq;
        volatile String mode;
        /** How often the bot resumed this call's voice session after a drop. */
        public final java.util.concurrent.atomic.AtomicInteger resumes = new java.util.concurrent.atomic.AtomicInteger();
        /** Frames that were DAVE protocol frames: the server forwards them but cannot decode them. */
        public final java.util.concurrent.atomic.AtomicLong protectedFrames = new java.util.concurrent.atomic.AtomicLong();
        volatile SocketParticipant participant;
        /** Where this connection's UDP packets come from (learned from its IP discovery): where forwarded media goes. */
        volatile InetSocketAddress udpPeer;
        private OpusDecoder decoder;
        /** Arrival times of the audio frames (not DAVE protocol frames), in both recording modes. */
        private long[] arrivals = new long[256];
        private int arrivalCount;

        Call(String guildId, String userId) {
            this.guildId = guildId;
            this.userId = userId;
        }

        public String mode() {
            return mode;
        }

        /** Left channel of every frame received so far, in arrival order. */
        public short[] monoPcm() {
            List<Frame> snapshot = List.copyOf(frames);
            int total = snapshot.stream().mapToInt(f -> f.pcm().length / 2).sum();
            short[] mono = new short[total];
            int index = 0;
            for (Frame frame : snapshot) {
                for (int i = 0; i < frame.pcm().length; i += 2) {
                    mono[index++] = frame.pcm()[i];
                }
            }
            return mono;
        }

        private synchronized void arrived(long nanos) {
            if (arrivalCount == arrivals.length) {
                arrivals = Arrays.copyOf(arrivals, arrivalCount * 2);
            }
            arrivals[arrivalCount++] = nanos;
        }

        private synchronized void arrivedBefore(Call previous) {
            long[] earlier = previous.arrivalNanos();
            arrivals = Arrays.copyOf(earlier, Math.max(256, earlier.length * 2));
            arrivalCount = earlier.length;
        }

        /** When each audio frame arrived ({@link System#nanoTime}), oldest first. */
        public synchronized long[] arrivalNanos() {
            return Arrays.copyOf(arrivals, arrivalCount);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HELLO = 8, IDENTIFY = 0, SELECT_PROTOCOL = 1, READY = 2, HEARTBEAT = 3, SESSION_DESCRIPTION = 4,
            SPEAKING = 5, HEARTBEAT_ACK = 6, RESUME = 7, RESUMED = 9;

    private final VoiceServers grants;
    private final HttpServer websocketServer;
    private final DatagramSocket udp;
    private final int udpPort;
    private final Duration heartbeatInterval;
    private final Map<String, Call> callsByGuild = new ConcurrentHashMap<>();
    /** Members' own voice connections (independent clients), by guild and user: the SFU forwards the bot's media to them. */
    private final Map<String, Map<String, Call>> memberCalls = new ConcurrentHashMap<>();
    private final String botUserId;
    private final Map<Integer, Call> callsBySsrc = new ConcurrentHashMap<>();
    private volatile List<String> offeredModes = TransportCipher.SUPPORTED;
    private volatile boolean daveEnabled = true;
    private volatile Recording recording = Recording.PCM;
    private final Map<String, DaveCall> daveCalls = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService daveWork = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("voice-server-dave").daemon(true).factory());
    private final Map<String, Map<Long, DaveListener>> listeners = new ConcurrentHashMap<>();

    VoiceServer(Vertx vertx, VoiceServers grants, Duration heartbeatInterval, DevCertificateAuthority tls, String botUserId) throws Exception {
        this.grants = grants;
        this.botUserId = botUserId;
        this.heartbeatInterval = heartbeatInterval;
        this.udp = vertx.createDatagramSocket();
        udp.handler(this::packet);
        udp.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        this.udpPort = udp.localAddress().port();
        // Discord's voice gateways are wss only; so are these, with a certificate of this machine's development CA.
        this.websocketServer = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setSsl(true).setKeyCertOptions(tls.serverKeyCert()))
                .requestHandler(WebSocketUpgrades.upgradeOr(this::accept, request -> request.response().setStatusCode(404).end()))
                .listen().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The endpoint VOICE_SERVER_UPDATE names (host:port, no scheme). */
    public String endpoint() {
        return "127.0.0.1:" + websocketServer.actualPort();
    }

    /** Closes the voice gateway connection of a guild's call as a voice server restart would (4015); UDP keeps going. */
    public void dropConnection(String guildId) {
        Call call = callsByGuild.get(guildId);
        if (call != null && call.socket != null) {
            call.socket.close((short) 4015, "Voice server crashed");
        }
    }

    /** Which encryption modes READY offers (Discord's servers differ); all supported ones by default. */
    public void offerModes(List<String> modes) {
        this.offeredModes = List.copyOf(modes);
    }

    /** Whether calls select DAVE (protocol version 1) or transport-only encryption for members that support it. */
    public void daveEnabled(boolean enabled) {
        this.daveEnabled = enabled;
    }

    /** What calls keep of the bot's frames from now on; {@link Recording#PCM} by default. */
    public void recording(Recording recording) {
        this.recording = recording;
    }

    /** The DAVE role of a guild's call, created with the call. */
    public DaveCall dave(String guildId, String channelId) {
        return daveCalls.computeIfAbsent(guildId, g -> new DaveCall(Long.parseLong(channelId), daveEnabled ? 1 : 0));
    }

    /** A simulated member joins the guild's call in a voice channel and listens to the bot. */
    public DaveListener listen(String guildId, String channelId, long userId) {
        DaveListener listener = new DaveListener(userId, Long.parseLong(channelId), true, dave(guildId, channelId));
        listeners.computeIfAbsent(guildId, g -> new ConcurrentHashMap<>()).put(userId, listener);
        return listener.join();
    }

    /**
     * Someone outside the MLS group who nonetheless receives the call's forwarded frames, as an
     * attacker on the SFU's path would: it should decrypt nothing.
     */
    public DaveListener eavesdrop(String guildId, String channelId, long userId) {
        DaveListener outsider = new DaveListener(userId, Long.parseLong(channelId), true, new DaveCall(Long.parseLong(channelId), 1));
        listeners.computeIfAbsent(guildId, g -> new ConcurrentHashMap<>()).put(userId, outsider);
        return outsider;
    }

    /** The simulated members listening in a guild's call. */
    public java.util.Collection<DaveListener> listeners(String guildId) {
        return List.copyOf(listeners.getOrDefault(guildId, Map.of()).values());
    }

    /** The simulated member hangs up. */
    public void hangUp(String guildId, long userId) {
        DaveListener listener = listeners.getOrDefault(guildId, Map.of()).get(userId);
        if (listener != null) {
            listeners.get(guildId).remove(userId);
            listener.close();
        }
    }

    /** The bot's call in a guild, once it has identified there. */
    public Call call(String guildId) {
        return callsByGuild.get(guildId);
    }

    private void accept(ServerWebSocket socket) {
        ObjectNode hello = payload(HELLO, null);
        hello.putObject("d").put("v", 8).put("heartbeat_interval", heartbeatInterval.toMillis());
        socket.writeTextMessage(hello.toString());
        Call[] bound = new Call[1];
        socket.textMessageHandler(text -> {
            JsonNode message = DiscordJson.parse(text);
            JsonNode data = message.path("d");
            switch (message.path("op").asInt(-1)) {
                case IDENTIFY -> bound[0] = identify(socket, data);
                case RESUME -> bound[0] = resume(socket, data);
                case SELECT_PROTOCOL -> selectProtocol(bound[0], data);
                case HEARTBEAT -> {
                    ObjectNode ack = payload(HEARTBEAT_ACK, bound[0]);
                    ack.putObject("d").put("t", data.path("t").asLong());
                    socket.writeTextMessage(ack.toString());
                }
                case SPEAKING -> {
                    if (bound[0] != null) {
                        bound[0].speaking.add(data.path("speaking").asInt());
                        if (isBot(bound[0])) {
                            memberCallsOf(bound[0].guildId).forEach(member -> announceSpeaker(member, bound[0], data.path("speaking").asInt()));
                        }
                    }
                }
                case DaveHandler.READY_FOR_TRANSITION, DaveHandler.INVALID_COMMIT_WELCOME -> {
                    int op = message.path("op").asInt();
                    withDave(bound[0], (dave, bot) -> dave.fromMember(bot.userId(), op, data));
                }
                default -> {
                }
            }
        });
        socket.binaryMessageHandler(buffer -> {
            byte[] message = buffer.getBytes();
            withDave(bound[0], (dave, bot) -> dave.fromMember(bot.userId(), message));
        });
        socket.closeHandler(closed -> {
            Call call = bound[0];
            // A dropped socket may resume; only the bot hanging up (normal closure) leaves the group.
            Short status = socket.closeStatusCode();
            if (call != null && call.socket == socket && status != null && status == 1000) {
                withDave(call, (dave, bot) -> dave.leave(bot.userId()));
                if (!isBot(call)) {
                    memberCalls.getOrDefault(call.guildId, new ConcurrentHashMap<>()).remove(call.userId);
                    callsBySsrc.remove(call.ssrc);
                }
            }
        });
    }

    private boolean isBot(Call call) {
        return call.userId.equals(botUserId);
    }

    private java.util.Collection<Call> memberCallsOf(String guildId) {
        return memberCalls.getOrDefault(guildId, Map.of()).values();
    }

    /** SPEAKING (op 5) about another participant: its user id and SSRC, which receivers need to attribute its media. */
    private void announceSpeaker(Call to, Call speaker, int speaking) {
        ObjectNode message = payload(SPEAKING, to);
        message.putObject("d").put("user_id", speaker.userId).put("ssrc", speaker.ssrc).put("speaking", speaking);
        to.socket.writeTextMessage(message.toString());
    }

    /** MLS work (signatures, HPKE) runs off the event loop, which also forwards the call's media. */
    private void withDave(Call call, java.util.function.BiConsumer<DaveCall, SocketParticipant> action) {
        if (call != null && call.participant != null) {
            SocketParticipant bot = call.participant;
            daveWork.execute(() -> action.accept(bot.dave, bot));
        }
    }

    /** A connected client (the bot or a remote member) as the DAVE role reaches it: JSON and sequence-numbered binary messages on its voice socket. */
    final class SocketParticipant implements DaveCall.Participant {
        final Call call;
        final DaveCall dave;
        final long userId;
        final boolean supportsDave;

        SocketParticipant(Call call, DaveCall dave, boolean supportsDave) {
            this.call = call;
            this.dave = dave;
            this.userId = Long.parseLong(call.userId);
            this.supportsDave = supportsDave;
        }

        @Override
        public long userId() {
            return userId;
        }

        @Override
        public boolean supportsDave() {
            return supportsDave;
        }

        @Override
        public void json(int op, ObjectNode data) {
            ObjectNode message = payload(op, call);
            message.set("d", data);
            call.socket.writeTextMessage(message.toString());
        }

        @Override
        public void refused(int closeCode, String reason) {
            call.socket.close((short) closeCode, reason);
        }

        @Override
        public void binary(int op, byte[] payload) {
            int sequence = ++call.seq;
            ByteBuffer message = ByteBuffer.allocate(payload.length + 3).putShort((short) sequence).put((byte) op).put(payload);
            call.socket.writeBinaryMessage(Buffer.buffer(message.array()));
        }
    }

    private Call identify(ServerWebSocket socket, JsonNode data) {
        var grant = grants.grant(data.path("token").asText()).orElse(null);
        if (grant == null || !grant.guildId().equals(data.path("server_id").asText())
                || !grant.userId().equals(data.path("user_id").asText())
                || !grant.sessionId().equals(data.path("session_id").asText())) {
            socket.close((short) 4004, "Authentication failed");
            return null;
        }
        boolean bot = grant.userId().equals(botUserId);
        Call previous = bot ? callsByGuild.get(grant.guildId()) : memberCalls.getOrDefault(grant.guildId(), Map.of()).get(grant.userId());
        Call call = new Call(grant.guildId(), grant.userId());
        if (previous != null) {
            // A reconnect keeps the call's recording, so a test hears across it.
            call.frames.addAll(previous.frames);
            call.arrivedBefore(previous);
            callsBySsrc.remove(previous.ssrc);
        }
        call.sessionId = grant.sessionId();
        call.token = grant.token();
        call.ssrc = RANDOM.nextInt(1 << 30) + 1;
        call.socket = socket;
        DaveCall dave = dave(grant.guildId(), grant.channelId());
        // A new identify is a new member session: the old one leaves the MLS group first.
        dave.leave(Long.parseLong(grant.userId()));
        call.participant = new SocketParticipant(call, dave, data.path("max_dave_protocol_version").asInt(0) >= 1);
        if (bot) {
            callsByGuild.put(call.guildId, call);
        } else {
            memberCalls.computeIfAbsent(call.guildId, g -> new ConcurrentHashMap<>()).put(call.userId, call);
        }
        callsBySsrc.put(call.ssrc, call);
        ObjectNode ready = payload(READY, call);
        ObjectNode d = ready.putObject("d");
        d.put("ssrc", call.ssrc).put("ip", "127.0.0.1").put("port", udpPort);
        ArrayNode modes = d.putArray("modes");
        offeredModes.forEach(modes::add);
        d.putArray("experiments");
        socket.writeTextMessage(ready.toString());
        return call;
    }

    private Call resume(ServerWebSocket socket, JsonNode data) {
        String guildId = data.path("server_id").asText();
        Call call = java.util.stream.Stream.concat(java.util.stream.Stream.ofNullable(callsByGuild.get(guildId)), memberCallsOf(guildId).stream())
                .filter(c -> data.path("session_id").asText().equals(c.sessionId) && data.path("token").asText().equals(c.token))
                .findFirst().orElse(null);
        if (call == null) {
            socket.close((short) 4006, "Session no longer valid");
            return null;
        }
        call.socket = socket;
        call.resumes.incrementAndGet();
        socket.writeTextMessage(payload(RESUMED, call).toString());
        return call;
    }

    private void selectProtocol(Call call, JsonNode data) {
        if (call == null) {
            return;
        }
        String mode = data.path("data").path("mode").asText();
        if (!TransportCipher.SUPPORTED.contains(mode)) {
            call.socket.close((short) 4016, "Unknown encryption mode");
            return;
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        call.mode = mode;
        call.cipher = TransportCipher.forMode(mode, key);
        ObjectNode description = payload(SESSION_DESCRIPTION, call);
        ObjectNode d = description.putObject("d");
        d.put("mode", mode);
        ArrayNode secret = d.putArray("secret_key");
        for (byte b : key) {
            secret.add(b & 0xff);
        }
        int daveVersion = call.participant.dave.join(call.participant);
        d.put("dave_protocol_version", daveVersion);
        call.socket.writeTextMessage(description.toString());
        call.participant.dave.described(call.participant);
        Call bot = callsByGuild.get(call.guildId);
        if (!isBot(call) && bot != null && bot.ssrc != 0) {
            // Receivers map an SSRC to its user only from SPEAKING, as Discord's voice gateway announces it.
            announceSpeaker(call, bot, bot.speaking.isEmpty() ? 1 : bot.speaking.getLast());
        }
    }

    private void packet(DatagramPacket packet) {
        byte[] bytes = packet.data().getBytes();
        if (IpDiscovery.isRequest(bytes, bytes.length)) {
            InetSocketAddress seen = new InetSocketAddress(packet.sender().host(), packet.sender().port());
            Call discovering = callsBySsrc.get(IpDiscovery.ssrcOf(bytes));
            if (discovering != null) {
                discovering.udpPeer = seen;
            }
            udp.send(Buffer.buffer(IpDiscovery.response(IpDiscovery.ssrcOf(bytes), seen)), packet.sender().port(), packet.sender().host());
            return;
        }
        if (bytes.length < Rtp.HEADER_LENGTH) {
            return;
        }
        Call call = callsBySsrc.get(Rtp.ssrc(bytes));
        if (call == null || call.cipher == null) {
            return;
        }
        long arrival = System.nanoTime();
        byte[] payload = call.cipher.open(bytes, Rtp.headerLength(bytes));
        if (!isBot(call)) {
            return; // members' own audio is not this simulator's concern
        }
        long sender = call.participant.userId;
        int sequence = Rtp.sequence(bytes);
        // The SFU forwards to the call's other members; only they hold the DAVE keys.
        listeners.getOrDefault(call.guildId, Map.of()).values().forEach(listener -> listener.hear(sender, sequence, payload));
        byte[] header = Arrays.copyOf(bytes, Rtp.HEADER_LENGTH);
        for (Call member : memberCallsOf(call.guildId)) {
            if (member.cipher != null && member.udpPeer != null) {
                udp.send(Buffer.buffer(member.cipher.seal(header, payload)), member.udpPeer.getPort(), member.udpPeer.getHostString());
            }
        }
        if (ProtocolFrame.parse(payload) != null) {
            call.protectedFrames.incrementAndGet();
            return;
        }
        call.arrived(arrival);
        if (recording == Recording.PCM) {
            call.frames.add(new Frame(arrival, sequence, Rtp.timestamp(bytes), decode(call, payload)));
        }
    }

    private static synchronized short[] decode(Call call, byte[] opus) {
        if (call.decoder == null) {
            call.decoder = new OpusDecoder(48_000, 2);
        }
        ByteBuffer input = ByteBuffer.allocateDirect(opus.length).order(ByteOrder.nativeOrder());
        input.put(opus).flip();
        ShortBuffer output = ByteBuffer.allocateDirect(Rtp.SAMPLES_PER_FRAME * 2 * 2 * 6).order(ByteOrder.nativeOrder()).asShortBuffer();
        int samples = call.decoder.decode(input, output);
        short[] pcm = new short[samples * 2];
        output.get(pcm, 0, pcm.length);
        return pcm;
    }

    private static ObjectNode payload(int op, Call call) {
        ObjectNode node = DiscordJson.MAPPER.createObjectNode().put("op", op);
        if (call != null) {
            node.put("seq", ++call.seq);
        }
        return node;
    }

    List<Call> calls() {
        return new ArrayList<>(callsByGuild.values());
    }

    @Override
    public void close() {
        daveWork.shutdown();
        listeners.values().forEach(byUser -> byUser.values().forEach(DaveListener::close));
        websocketServer.close();
        udp.close();
    }
}
