package dev.riff.playback.lavalink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbjerg.lavalink.client.LavalinkClient;
import dev.arbjerg.lavalink.client.LavalinkNode;
import dev.arbjerg.lavalink.client.Link;
import dev.arbjerg.lavalink.client.NodeOptions;
import dev.arbjerg.lavalink.client.event.PlayerUpdateEvent;
import dev.arbjerg.lavalink.client.event.ReadyEvent;
import dev.arbjerg.lavalink.client.event.TrackEndEvent;
import dev.arbjerg.lavalink.client.event.TrackStartEvent;
import dev.arbjerg.lavalink.client.player.FilterBuilder;
import dev.arbjerg.lavalink.client.player.LavalinkLoadResult;
import dev.arbjerg.lavalink.client.player.LavalinkPlayer;
import dev.arbjerg.lavalink.client.player.NoMatches;
import dev.arbjerg.lavalink.client.player.SearchResult;
import dev.arbjerg.lavalink.client.player.Track;
import dev.arbjerg.lavalink.client.player.TrackLoaded;
import dev.arbjerg.lavalink.internal.error.RestException;
import dev.arbjerg.lavalink.protocol.v4.Band;
import dev.arbjerg.lavalink.protocol.v4.ChannelMix;
import dev.arbjerg.lavalink.protocol.v4.Tremolo;
import dev.arbjerg.lavalink.protocol.v4.Message;
import dev.arbjerg.lavalink.protocol.v4.Omissible;
import dev.arbjerg.lavalink.protocol.v4.Timescale;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import dev.arbjerg.lavalink.client.LinkState;
import dev.arbjerg.lavalink.libraries.jda.JDAVoiceUpdateListener;
import dev.riff.devkit.discord.DiscordSimulator;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.channel.concrete.VoiceChannel;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbjerg.lavalink.protocol.v4.VoiceState;
import dev.riff.devkit.audio.ToneAnalysis;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.VoiceServer;
import dev.riff.devkit.discord.VoiceServers;
import dev.riff.devkit.discord.dave.DaveListener;
import java.util.Arrays;
import reactor.core.Exceptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's Lavalink v4 protocol driven by the Lavalink project's own Java client
 * (dev.arbjerg:lavalink-client 3.2.0, unmodified): the client's parsing of every answer and event
 * is the proof that the node speaks the protocol as Lavalink clients understand it.
 */
@QuarkusTest
@QuarkusTestResource(value = DemoLibraryNode.class, restrictToAnnotatedClass = true)
class LavalinkClientTest {

    private static final long ALICE = 1300000000000000007L;
    private static final long GUILD = 1200000000000000001L;
    private static final Duration T = Duration.ofSeconds(10);
    private static final String TUNE = "riff-demo:riff-demo-tune";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL node;

    private LavalinkClient client;
    private LavalinkNode lavalink;
    private String sessionId;

    @BeforeEach
    void connect() throws Exception {
        client = new LavalinkClient(Long.parseLong(DemoLibraryNode.discord.state().botUser().id()));
        CompletableFuture<ReadyEvent> ready = client.on(ReadyEvent.class).next().toFuture();
        lavalink = client.addNode(new NodeOptions.Builder().setName("riff").setServerUri("ws://" + node.getHost() + ":" + node.getPort())
                .setPassword(DemoLibraryNode.PASSWORD).setHttpTimeout(10_000L).build());
        ReadyEvent event = ready.get(15, TimeUnit.SECONDS);
        assertFalse(event.getResumed());
        sessionId = event.getSessionId();
        assertEquals(16, sessionId.length());
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aTrackLoadsAndItsEncodingDecodesToTheSameTrack() {
        LavalinkLoadResult loaded = lavalink.loadItem(TUNE).block(T);
        Track track = assertInstanceOf(TrackLoaded.class, loaded).getTrack();
        assertEquals("Riff Demo Tune", track.getInfo().getTitle());
        assertEquals(30_000, track.getInfo().getLength());
        assertEquals(TUNE, track.getInfo().getIdentifier());
        assertEquals(dev.riff.devkit.audio.DemoLibrary.TUNE_ISRC, track.getInfo().getIsrc());

        Track decoded = lavalink.decodeTrack(track.getEncoded()).block(T);
        assertEquals(track.getEncoded(), decoded.getEncoded(), "the encoding round-trips byte for byte");
        assertEquals(track.getInfo(), decoded.getInfo());
        List<Track> both = lavalink.decodeTracks(List.of(track.getEncoded(), track.getEncoded())).block(T);
        assertEquals(2, both.size());

        assertInstanceOf(SearchResult.class, lavalink.loadItem("riff-search:chord").block(T));
        assertInstanceOf(NoMatches.class, lavalink.loadItem("riff-demo:no-such-track").block(T));
    }

    @Test
    void aPlayerPlaysPausesSeeksAndStopsAndItsEventsArrive() throws Exception {
        // A WAV file: seekable, where the Ogg Opus tune is not.
        Track track = ((TrackLoaded) lavalink.loadItem("riff-demo:concert-a").block(T)).getTrack();
        Link link = client.getOrCreateLink(GUILD);
        CompletableFuture<TrackStartEvent> started = client.on(TrackStartEvent.class).next().toFuture();
        LavalinkPlayer player = link.createOrUpdatePlayer().setTrack(track).setVolume(80).block(T);
        assertEquals("riff-demo:concert-a", started.get(10, TimeUnit.SECONDS).getTrack().getInfo().getIdentifier());
        assertEquals(80, player.getVolume());
        assertNotNull(player.getTrack());

        CompletableFuture<PlayerUpdateEvent> update = client.on(PlayerUpdateEvent.class).filter(e -> e.getGuildId() == GUILD).next().toFuture();
        assertEquals(GUILD, update.get(10, TimeUnit.SECONDS).getGuildId());

        LavalinkPlayer paused = link.createOrUpdatePlayer().setPaused(true).block(T);
        assertTrue(paused.getPaused());
        // A demo track is seekable once its file is open, a moment after it starts (lavaplayer ignores a seek before).
        await().atMost(T).until(() -> link.createOrUpdatePlayer().setPosition(12_000L).block(T).getState().getPosition() >= 12_000);

        CompletableFuture<TrackEndEvent> ended = client.on(TrackEndEvent.class).next().toFuture();
        LavalinkPlayer stopped = link.createOrUpdatePlayer().stopTrack().block(T);
        assertNull(stopped.getTrack());
        assertEquals(Message.EmittedEvent.TrackEndEvent.AudioTrackEndReason.STOPPED, ended.get(10, TimeUnit.SECONDS).getEndReason());

        link.destroy().block(T);
        assertTrue(lavalink.getPlayers().block(T).stream().noneMatch(p -> p.getGuildId() == GUILD), "destroyed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void filtersAreTakenAndOutOfRangeValuesRefusedWithoutChangingAnything() {
        Link link = client.getOrCreateLink(GUILD + 1);
        LavalinkPlayer filtered = link.createOrUpdatePlayer()
                .setFilters(new FilterBuilder().setVolume(0.5f).setEqualizerBand(3, 0.25f).setTremolo(new Tremolo(4.0f, 0.75f))
                        .setChannelMix(new ChannelMix(0.5f, 0.5f, 0.5f, 0.5f)).build()).block(T);
        assertEquals(0.5f, ((Omissible.Present<Float>) filtered.getFilters().getVolume()).getValue(), 1e-6);
        List<Band> bands = ((Omissible.Present<List<Band>>) filtered.getFilters().getEqualizer()).getValue();
        assertEquals(3, bands.getFirst().getBand());
        assertEquals(0.25f, bands.getFirst().getGain(), 1e-6);
        Tremolo tremolo = ((Omissible.Present<Tremolo>) filtered.getFilters().getTremolo()).getValue();
        assertEquals(0.75f, tremolo.getDepth(), 1e-6);
        assertEquals(0.5f, ((Omissible.Present<ChannelMix>) filtered.getFilters().getChannelMix()).getValue().getLeftToRight(), 1e-6);

        LavalinkPlayer faster = link.createOrUpdatePlayer().setFilters(new FilterBuilder().setTimescale(new Timescale(1.25, 1.0, 1.0)).build()).block(T);
        assertEquals(1.25, ((Omissible.Present<Timescale>) faster.getFilters().getTimescale()).getValue().getSpeed(), 1e-6);

        RestException refused = assertInstanceOf(RestException.class, Exceptions.unwrap(assertThrows(RuntimeException.class, () -> link.createOrUpdatePlayer()
                .setFilters(new FilterBuilder().setTremolo(new Tremolo(4.0f, 0f)).build()).block(T))));
        assertEquals(400, refused.getCode());
        assertTrue(refused.getError().getMessage().contains("tremolo"), refused.getError().getMessage());
        assertEquals(1.25, ((Omissible.Present<Timescale>) link.getPlayer().block(T).getFilters().getTimescale()).getValue().getSpeed(), 1e-6,
                "a refused update changed nothing");
        link.destroy().block(T);
    }

    @Test
    void aDroppedSocketResumesTheSessionAndItsPlayerIsStillThere() throws Exception {
        lavalink.enableResuming(Duration.ofSeconds(30)).block(T);
        Track track = ((TrackLoaded) lavalink.loadItem(TUNE).block(T)).getTrack();
        Link link = client.getOrCreateLink(GUILD + 2);
        link.createOrUpdatePlayer().setTrack(track).setPaused(true).block(T);

        CompletableFuture<ReadyEvent> resumed = client.on(ReadyEvent.class).next().toFuture();
        lavalink.getWs().getSocket$lavalink_client().cancel();
        ReadyEvent ready = resumed.get(20, TimeUnit.SECONDS);
        assertTrue(ready.getResumed(), "the node resumed the session");
        assertEquals(sessionId, ready.getSessionId());

        List<LavalinkPlayer> players = lavalink.getPlayers().block(T);
        LavalinkPlayer kept = players.stream().filter(p -> p.getGuildId() == GUILD + 2).findFirst().orElseThrow();
        assertEquals(track.getInfo().getIdentifier(), kept.getTrack().getInfo().getIdentifier());
        link.destroy().block(T);
    }

    /** What a client that reads the handshake's headers (as several Node.js clients do) learns: whether its session resumed. */
    @Test
    void theHandshakeSaysWhetherTheSessionResumed() throws Exception {
        String id;
        try (RawHandshake first = new RawHandshake(null)) {
            assertEquals("false", first.headers.get("session-resumed"));
            assertEquals("4", first.headers.get("lavalink-major-version"));
            JsonNode ready = JSON.readTree(first.firstMessage());
            assertEquals("ready", ready.path("op").asText());
            id = ready.path("sessionId").asText();
            HttpResponse<String> resuming = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/v4/sessions/" + id))
                    .header("Authorization", DemoLibraryNode.PASSWORD).header("content-type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"resuming\":true,\"timeout\":30}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, resuming.statusCode(), resuming.body());
        }
        // A session waiting for its client is not found by REST, as in Lavalink: that is when it may be resumed.
        await().atMost(T).until(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/v4/sessions/" + id + "/players"))
                .header("Authorization", DemoLibraryNode.PASSWORD).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 404);
        try (RawHandshake again = new RawHandshake(id)) {
            assertEquals("true", again.headers.get("session-resumed"));
            JsonNode ready = JSON.readTree(again.firstMessage());
            assertTrue(ready.path("resumed").asBoolean(), ready.toString());
            assertEquals(id, ready.path("sessionId").asText());
        }
    }

    /** A WebSocket opening written by hand, to read the handshake's response headers that WebSocket clients hide. */
    private final class RawHandshake implements AutoCloseable {
        final java.util.Map<String, String> headers = new java.util.HashMap<>();
        private final java.net.Socket socket;
        private final java.io.DataInputStream in;

        RawHandshake(String resumeId) throws Exception {
            socket = new java.net.Socket(node.getHost(), node.getPort());
            socket.setSoTimeout(15_000);
            String request = "GET /v4/websocket HTTP/1.1\r\nHost: " + node.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: " + DemoLibraryNode.PASSWORD + "\r\n"
                    + "User-Id: " + ALICE + "\r\nClient-Name: raw-handshake/1.0\r\n" + (resumeId == null ? "" : "Session-Id: " + resumeId + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            String status = line();
            assertTrue(status.startsWith("HTTP/1.1 101"), status);
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), header.substring(colon + 1).trim());
            }
        }

        /** The first text frame the node sends (unmasked, as from a server). */
        String firstMessage() throws Exception {
            int opcode = in.readUnsignedByte() & 0x0f;
            assertEquals(1, opcode, "a text frame");
            int length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }

        private String line() throws Exception {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("the node closed the connection during the handshake");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    /**
     * Voice as the client's library sends it (3.2.0: token, endpoint, session, no channel): Riff's
     * voice client joins the simulated call with transport encryption and the tone is heard there.
     */
    @Test
    void aPlayerIsHeardAtTheVoiceServer() {
        DiscordState.Guild guild = DemoLibraryNode.discord.addGuild("Lavalink voice", "owner");
        String channel = DemoLibraryNode.discord.state().channelNamed(guild.id, "Music").id();
        VoiceServers.Grant grant = DemoLibraryNode.discord.joinVoiceAsBot(guild.id, channel);
        Link link = client.getOrCreateLink(Long.parseLong(guild.id));
        Track tone = ((TrackLoaded) lavalink.loadItem("riff-demo:concert-a").block(T)).getTrack();
        link.createOrUpdatePlayer().setVoiceState(new VoiceState(grant.token(), DemoLibraryNode.discord.voiceServers().endpoint(), grant.sessionId()))
                .setTrack(tone).block(T);

        VoiceServer.Call call = await().atMost(Duration.ofSeconds(20)).until(() -> DemoLibraryNode.discord.voice().call(guild.id),
                c -> c != null && c.frames.size() > 150);
        short[] pcm = call.monoPcm();
        assertEquals(440, ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length), 48_000, 100, 2000), 2);
        await().atMost(T).until(() -> link.getCachedPlayer() != null && link.getCachedPlayer().getState().getConnected());
        // Frame statistics over the last stats window (2 s here, so 100 frames expected).
        await().atMost(T).until(() -> lavalink.getStats() != null && lavalink.getStats().getFrameStats() != null
                && lavalink.getStats().getFrameStats().getSent() > 50);
        var frames = lavalink.getStats().getFrameStats();
        assertEquals(100, frames.getSent() + frames.getNulled() + frames.getDeficit(), "the deficit is counted against 50 frames a second: " + frames);

        // A filter is heard in the call once the frames buffered before it have played (lavaplayer's 5 s):
        // the timescale's pitch up a fifth makes the A an E.
        link.createOrUpdatePlayer().setFilters(new FilterBuilder().setTimescale(new Timescale(1.0, 1.5, 1.0)).build()).block(T);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            short[] shifted = call.monoPcm();
            return shifted.length > 24_000
                    && Math.abs(ToneAnalysis.dominantFrequency(Arrays.copyOfRange(shifted, shifted.length - 24_000, shifted.length), 48_000, 100, 2000) - 660) < 10;
        });
        link.destroy().block(T);
    }

    /**
     * The whole path a Lavalink bot takes, with nothing of Riff's in between: JDA (unmodified) logs
     * in to the Discord simulator with the Lavalink client's own voice interceptor, joins a voice
     * channel, the client hands the node Discord's voice updates, and the track is heard in the call.
     */
    @Test
    void aJdaBotWithTheClientsVoiceInterceptorIsHeardInTheCall() throws Exception {
        DiscordSimulator discord = DemoLibraryNode.discord;
        DiscordState.Guild guild = discord.addGuild("Lavalink with JDA", "owner");
        String channel = discord.state().channelNamed(guild.id, "Music").id();
        String gateway = discord.gatewayUrl();
        JDA jda = JDABuilder.createDefault(DiscordSimulator.DEFAULT_TOKEN)
                .enableIntents(GatewayIntent.GUILD_VOICE_STATES)
                .enableCache(CacheFlag.VOICE_STATE)
                .setRestConfig(new RestConfig().setBaseUrl(discord.apiBaseUrl()))
                .setSessionController(new ConcurrentSessionController() {
                    @Override
                    public String getGateway() {
                        return gateway;
                    }
                })
                .setVoiceDispatchInterceptor(new JDAVoiceUpdateListener(client))
                .build();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> jda.getStatus() == JDA.Status.CONNECTED);
            VoiceChannel voiceChannel = await().atMost(T).until(() -> jda.getVoiceChannelById(channel), java.util.Objects::nonNull);
            jda.getDirectAudioController().connect(voiceChannel);
            Link link = client.getOrCreateLink(Long.parseLong(guild.id));
            await().atMost(T).until(() -> link.getCachedPlayer() != null && !link.getCachedPlayer().getVoiceState().getToken().isEmpty());

            Track tone = ((TrackLoaded) lavalink.loadItem("riff-demo:concert-a").block(T)).getTrack();
            link.createOrUpdatePlayer().setTrack(tone).block(T);
            VoiceServer.Call call = await().atMost(Duration.ofSeconds(20)).until(() -> discord.voice().call(guild.id),
                    c -> c != null && c.frames.size() > 150);
            short[] pcm = call.monoPcm();
            assertEquals(440, ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length), 48_000, 100, 2000), 2);
            await().atMost(T).until(() -> link.getState() == LinkState.CONNECTED);
            link.destroy().block(T);
        } finally {
            jda.shutdownNow();
        }
    }

    /**
     * Voice as Lavalink 4.2 clients send it, with the channel: the call is DAVE end-to-end encrypted,
     * a member hears the tone and the voice server sees only frames it cannot open.
     */
    @Test
    void withTheChannelGivenTheCallIsEndToEndEncrypted() throws Exception {
        DiscordState.Guild guild = DemoLibraryNode.discord.addGuild("Lavalink DAVE", "owner");
        String channel = DemoLibraryNode.discord.state().channelNamed(guild.id, "Music").id();
        DaveListener alice = DemoLibraryNode.discord.voice().listen(guild.id, channel, ALICE);
        VoiceServers.Grant grant = DemoLibraryNode.discord.joinVoiceAsBot(guild.id, channel);
        ObjectNode voice = JSON.createObjectNode().put("token", grant.token()).put("endpoint", DemoLibraryNode.discord.voiceServers().endpoint())
                .put("sessionId", grant.sessionId()).put("channelId", channel);
        ObjectNode update = JSON.createObjectNode();
        update.set("voice", voice);
        HttpResponse<String> patched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/v4/sessions/" + sessionId + "/players/" + guild.id))
                .header("Authorization", DemoLibraryNode.PASSWORD).header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(update.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, patched.statusCode(), patched.body());
        Link link = client.getOrCreateLink(Long.parseLong(guild.id));
        Track tone = ((TrackLoaded) lavalink.loadItem("riff-demo:concert-a").block(T)).getTrack();
        link.createOrUpdatePlayer().setTrack(tone).block(T);

        await().atMost(Duration.ofSeconds(20)).until(() -> alice.heard.size() > 150);
        short[] pcm = alice.monoPcm();
        assertEquals(440, ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length), 48_000, 100, 2000), 2);
        assertTrue(DemoLibraryNode.discord.voice().call(guild.id).protectedFrames.get() > 100, "the voice server could open none of them");
        link.destroy().block(T);
    }

    @Test
    void statsArriveAtOnceOnConnecting() {
        // The first stats follow ready at once (clients rank nodes by them, and drop a node silent for 65 s).
        await().atMost(T).until(() -> lavalink.getStats() != null);
        assertTrue(lavalink.getStats().getCpu().getCores() > 0);
        assertTrue(lavalink.getStats().getMemory().getReservable() > 0);
    }

    @Test
    void refusalsAreLavalinksAndChangeNothing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(401, http.send(HttpRequest.newBuilder(uri("/v4/info")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, http.send(HttpRequest.newBuilder(uri("/v4/info")).header("Authorization", "wrong").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(uri("/v4/sessions/nosuchsession0000/players"))
                .header("Authorization", DemoLibraryNode.PASSWORD).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("\"message\":\"Session not found\"") && unknown.body().contains("\"timestamp\""), unknown.body());

        HttpResponse<String> both = http.send(HttpRequest.newBuilder(uri("/v4/sessions/" + sessionId + "/players/" + (GUILD + 3)))
                .header("Authorization", DemoLibraryNode.PASSWORD).header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"track\":{\"encoded\":\"x\",\"identifier\":\"y\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, both.statusCode(), both.body());
        HttpResponse<String> players = http.send(HttpRequest.newBuilder(uri("/v4/sessions/" + sessionId + "/players"))
                .header("Authorization", DemoLibraryNode.PASSWORD).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("[]", players.body(), "a refused update made no player");

        assertEquals(204, http.send(HttpRequest.newBuilder(uri("/v4/routeplanner/status")).header("Authorization", DemoLibraryNode.PASSWORD).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> version = http.send(HttpRequest.newBuilder(uri("/version")).header("Authorization", DemoLibraryNode.PASSWORD).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(version.body().startsWith("4."), version.body());
        assertEquals("4", lavalink.getNodeInfo().block(T).getVersion().getMajor() + "");
    }

    private URI uri(String path) {
        return URI.create("http://" + node.getHost() + ":" + node.getPort() + path);
    }
}
