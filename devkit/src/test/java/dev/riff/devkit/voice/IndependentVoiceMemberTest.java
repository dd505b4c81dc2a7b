package dev.riff.devkit.voice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riff.devkit.audio.OpusTone;
import dev.riff.devkit.audio.ToneAnalysis;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.VoiceServer;
import dev.riff.devkit.discord.VoiceServers;
import dev.riff.devkit.discord.dave.DaveListener;
import dev.riff.voice.VoiceConnection;
import dev.riff.voice.VoiceSendLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Riff's bot and the simulator against a call member this team did not write: discord.js's voice
 * library (@discordjs/voice 0.19) with its DAVE implementation (@snazzah/davey, Rust on OpenMLS) and
 * opusscript, run by node from {@code src/test/node/voice-member} (./fleet test installs it). The member
 * dials the voice gateway over wss trusting the development CA (NODE_EXTRA_CA_CERTS), joins the bot's
 * DAVE group, and hears the bot's 440 Hz tone end-to-end encrypted while another member joins and leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndependentVoiceMemberTest {

    private static final Path MEMBER = Path.of("src/test/node/voice-member");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ALICE = 444_000_000_000_000_001L;

    private DiscordSimulator simulator;
    private VoiceSendLoop sendLoop;

    @BeforeAll
    void start() {
        assertTrue(Files.isDirectory(MEMBER.resolve("node_modules/@discordjs/voice")),
                "the independent member's libraries are not installed: ./fleet test installs them (npm install in " + MEMBER + ")");
        simulator = DiscordSimulator.start(0);
        sendLoop = new VoiceSendLoop();
    }

    @AfterAll
    void stop() {
        sendLoop.close();
        simulator.close();
    }

    @Test
    void aMemberOnDiscordJsAndDaveyHearsTheBotEncryptedAcrossAJoinAndALeave() throws Exception {
        DiscordState.Guild guild = simulator.addGuild("Interop", "owner");
        String channel = simulator.state().channelNamed(guild.id, "Music").id();
        String nina = simulator.addMember(guild.id, "nina", List.of()).id();
        simulator.moveToVoice(guild.id, nina, channel);
        VoiceServers.Grant botGrant = simulator.joinVoiceAsBot(guild.id, channel);
        Path pcmFile = Files.createTempFile("independent-member", ".pcm");
        try (VoiceConnection bot = new VoiceConnection(simulator.voiceSession(botGrant), new OpusTone(440), sendLoop, (c, s, r) -> { },
                simulator.voiceGatewayClient());
                Member member = Member.start(simulator.joinVoiceAsMember(guild.id, nina), simulator, botGrant.userId(), pcmFile)) {
            bot.connect();
            member.await("the member's voice connection is ready", e -> e.path("event").asText().equals("ready"));
            member.await("the member decrypts the bot (DAVE ready) and hears it",
                    e -> e.path("daveReady").asBoolean() && e.path("frames").asInt() > 100);
            VoiceServer.Call call = simulator.voice().call(guild.id);
            int plainFrames = call.frames.size();
            long epochTogether = bot.dave().session().epoch();

            DaveListener alice = simulator.voice().listen(guild.id, channel, ALICE);
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.dave().session().epoch() > epochTogether && alice.heard.size() > 50);
            int afterJoin = member.frames();
            member.await("the member hears on across alice's join", e -> e.path("frames").asInt() > afterJoin + 150);
            long epochWithAlice = bot.dave().session().epoch();

            simulator.voice().hangUp(guild.id, ALICE);
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.dave().session().epoch() > epochWithAlice);
            int afterLeave = member.frames();
            member.await("the member hears on across alice's leave", e -> e.path("frames").asInt() > afterLeave + 150);
            long finalEpoch = bot.dave().session().epoch();
            member.await("the member is at the bot's epoch", e -> e.path("epoch").asLong() == finalEpoch);
            // The voice privacy code members compare in Discord's client: both sides derive it from the epoch authenticator.
            String botCode = displayableCode(bot.dave().session().epochAuthenticator(), 30, 5);
            member.await("davey shows the bot's voice privacy code " + botCode,
                    e -> e.path("event").asText().equals("transitioned") && botCode.equals(e.path("privacyCode").asText()));

            member.stop();
            assertEquals(plainFrames, call.frames.size(), "not one unencrypted frame went out while the member was in the group");
            assertTrue(call.protectedFrames.get() > 400, "the SFU forwarded DAVE protocol frames: " + call.protectedFrames.get());
            short[] heard = leftChannel(Files.readAllBytes(pcmFile));
            assertTrue(heard.length > 48_000 * 8, "seconds of audio decoded by the member: " + heard.length / 48_000.0);
            short[] lastSecond = java.util.Arrays.copyOfRange(heard, heard.length - 48_000, heard.length);
            assertEquals(440, ToneAnalysis.dominantFrequency(lastSecond, 48_000, 100, 2000), 2, "the member hears the bot's tone");
            assertTrue(ToneAnalysis.rms(lastSecond) > 2000, "audibly");
        } finally {
            Files.deleteIfExists(pcmFile);
        }
    }

    /** DAVE's displayable code: each group of bytes as a big-endian number modulo 10^group, zero-padded. */
    private static String displayableCode(byte[] data, int digits, int group) {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < digits; i += group) {
            long value = 0;
            for (int j = 0; j < group; j++) {
                value = (value << 8) | (data[i + j] & 0xff);
            }
            code.append(String.format("%0" + group + "d", value % (long) Math.pow(10, group)));
        }
        return code.toString();
    }

    private static short[] leftChannel(byte[] stereo) {
        ByteBuffer samples = ByteBuffer.wrap(stereo).order(ByteOrder.LITTLE_ENDIAN);
        short[] left = new short[stereo.length / 4];
        for (int i = 0; i < left.length; i++) {
            left[i] = samples.getShort(i * 4);
        }
        return left;
    }

    /** The node process and what it reports (one JSON object per line). */
    private static final class Member implements AutoCloseable {
        private final Process process;
        private final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final StringBuilder errors = new StringBuilder();

        private Member(Process process) {
            this.process = process;
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        try {
                            events.add(JSON.readTree(line));
                        } catch (IOException notJson) {
                            synchronized (errors) {
                                errors.append(line).append('\n');
                            }
                        }
                    }
                } catch (IOException ended) {
                    // the process ended
                }
            });
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (errors) {
                        errors.append(stderr);
                    }
                } catch (IOException ended) {
                    // the process ended
                }
            });
        }

        static Member start(VoiceServers.Grant grant, DiscordSimulator simulator, String listenTo, Path pcm) throws IOException {
            String grantJson = JSON.createObjectNode().put("endpoint", simulator.voiceServers().endpoint()).put("token", grant.token())
                    .put("sessionId", grant.sessionId()).put("userId", grant.userId()).put("guildId", grant.guildId())
                    .put("channelId", grant.channelId()).toString();
            ProcessBuilder builder = new ProcessBuilder("node", "member.js", grantJson, listenTo, pcm.toString()).directory(MEMBER.toFile());
            builder.environment().put("NODE_EXTRA_CA_CERTS", simulator.voiceTrustedCa().toString());
            return new Member(builder.start());
        }

        int frames() {
            return events.stream().filter(e -> e.has("frames")).mapToInt(e -> e.path("frames").asInt()).max().orElse(0);
        }

        void await(String what, java.util.function.Predicate<JsonNode> reported) {
            try {
                org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(30))
                        .until(() -> events.stream().anyMatch(reported) || !process.isAlive());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(what + ": not reported. Last reports: " + tail() + " stderr: " + errors, e);
            }
            if (events.stream().noneMatch(reported)) {
                throw new AssertionError(what + ": the member exited. Reports: " + tail() + " stderr: " + errors);
            }
        }

        void stop() throws Exception {
            OutputStream stdin = process.getOutputStream();
            stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the member stops when asked");
            await("the member wrote what it heard", e -> e.path("event").asText().equals("stopped"));
        }

        private List<JsonNode> tail() {
            return events.subList(Math.max(0, events.size() - 5), events.size());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
