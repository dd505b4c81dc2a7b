package dev.riff.devkit.voice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.devkit.audio.OpusTone;
import dev.riff.devkit.audio.ToneAnalysis;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.VoiceServer;
import dev.riff.voice.TransportCipher;
import dev.riff.voice.VoiceConnection;
import dev.riff.voice.VoiceSendLoop;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The voice client against the simulated voice server: what arrives, decrypted and decoded, is the
 * tone that was sent (within 2 Hz), every frame in order. Pacing and gaps are measured by the
 * benchmarks (docs/benchmarks.md), not asserted here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceClientAgainstSimulatorTest {

    private DiscordSimulator simulator;
    private VoiceSendLoop sendLoop;

    @BeforeAll
    void start() {
        simulator = DiscordSimulator.start(0);
        sendLoop = new VoiceSendLoop();
    }

    @AfterAll
    void stop() {
        sendLoop.close();
        simulator.close();
    }

    /**
     * The tone arrives as the tone, frame after frame: consecutive RTP sequence numbers and
     * timestamps 960 samples (20 ms) apart, which is the pace a receiver plays them at. How evenly
     * they arrive in wall-clock time is measured by PlaybackBenchmark (docs/benchmarks.md).
     */
    @Test
    void a440HzToneArrivesAs440HzFrameAfterFrame() {
        DiscordState.Guild guild = simulator.addGuild("Voice", "owner");
        VoiceServer.Call call = play(guild, new OpusTone(440), Duration.ofSeconds(3));

        assertEquals(TransportCipher.AES256_GCM, call.mode(), "the preferred mode was negotiated");
        short[] pcm = call.monoPcm();
        short[] steady = Arrays.copyOfRange(pcm, 48_000 / 2, Math.min(pcm.length, 48_000 * 2));
        assertEquals(440, ToneAnalysis.dominantFrequency(steady, 48_000, 100, 2000), 2);
        assertTrue(ToneAnalysis.rms(steady) > 3000, "audible: rms " + ToneAnalysis.rms(steady));

        List<VoiceServer.Frame> frames = List.copyOf(call.frames);
        assertTrue(frames.size() > 50, "frames arrived: " + frames.size());
        for (int i = 1; i < frames.size(); i++) {
            assertEquals((frames.get(i - 1).sequence() + 1) & 0xffff, frames.get(i).sequence(), "no frame lost or reordered at " + i);
            assertEquals(frames.get(i - 1).timestamp() + 960, frames.get(i).timestamp(), "20 ms of audio per frame at " + i);
        }
        assertTrue(call.speaking.contains(1), "speaking was announced");
    }

    /**
     * The voice gateway is wss, as Discord's: a client trusting only the JDK's authorities refuses
     * the simulator's development certificate and never gets a session; the fleet's clients trust
     * that CA by configuration (riff.playback.voice-trusted-ca) and connect.
     */
    @Test
    void theVoiceGatewayIsTlsAndOnlyAClientTrustingTheDevelopmentCaConnects() {
        assertTrue(simulator.voiceServers().endpoint().matches("127\\.0\\.0\\.1:\\d+"), "an endpoint is host:port, the scheme is wss");
        DiscordState.Guild guild = simulator.addGuild("Untrusted", "owner");
        var grant = simulator.joinVoiceAsBot(guild.id, simulator.state().channelNamed(guild.id, "Music").id());
        List<String> reasons = new CopyOnWriteArrayList<>();
        List<VoiceConnection.State> states = new CopyOnWriteArrayList<>();
        try (VoiceConnection untrusting = new VoiceConnection(simulator.voiceSession(grant), new OpusTone(440), sendLoop, (c, state, reason) -> {
            states.add(state);
            reasons.add(reason);
        })) {
            untrusting.connect();
            await().atMost(Duration.ofSeconds(60)).until(() -> states.contains(VoiceConnection.State.CLOSED));
            assertTrue(!states.contains(VoiceConnection.State.READY), "never a session without trusting the certificate");
            assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("unreachable")), "the TLS handshake failed: " + reasons);
            assertTrue(simulator.voice().call(guild.id) == null || simulator.voice().call(guild.id).frames.isEmpty(), "no audio arrived");
        }
    }

    @Test
    void pausingSendsSilenceAndStopsSpeaking() {
        DiscordState.Guild guild = simulator.addGuild("Pause", "owner");
        OpusTone tone = new OpusTone(440);
        var grant = simulator.joinVoiceAsBot(guild.id, simulator.state().channelNamed(guild.id, "Music").id());
        List<VoiceConnection.State> states = new CopyOnWriteArrayList<>();
        try (VoiceConnection connection = new VoiceConnection(simulator.voiceSession(grant), tone, sendLoop,
                (c, state, reason) -> states.add(state), simulator.voiceGatewayClient())) {
            connection.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(VoiceConnection.State.READY));
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.voice().call(guild.id).frames.size() > 20);
            tone.paused(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.voice().call(guild.id).speaking.contains(0));
            int afterPause = simulator.voice().call(guild.id).frames.size();
            sleep(500);
            assertEquals(afterPause, simulator.voice().call(guild.id).frames.size(), "nothing is sent while paused");
            assertTrue(connection.stats().nulled() >= 1, "silence frames counted");
        }
    }

    @Test
    void aDroppedVoiceGatewayIsResumedAndTheAudioGoesOn() {
        DiscordState.Guild guild = simulator.addGuild("Resume", "owner");
        var grant = simulator.joinVoiceAsBot(guild.id, simulator.state().channelNamed(guild.id, "Music").id());
        List<VoiceConnection.State> states = new CopyOnWriteArrayList<>();
        try (VoiceConnection connection = new VoiceConnection(simulator.voiceSession(grant), new OpusTone(440), sendLoop,
                (c, state, reason) -> states.add(state), simulator.voiceGatewayClient())) {
            connection.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(VoiceConnection.State.READY));
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.voice().call(guild.id).frames.size() > 25);
            simulator.voice().dropConnection(guild.id);
            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.voice().call(guild.id).resumes.get() == 1);
            int afterResume = simulator.voice().call(guild.id).frames.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.voice().call(guild.id).frames.size() > afterResume + 50);
            assertTrue(states.contains(VoiceConnection.State.RESUMING));
            assertEquals(VoiceConnection.State.READY, connection.state());
        }
    }

    @Test
    void aServerOfferingOnlyXChaChaGetsXChaCha() {
        DiscordState.Guild guild = simulator.addGuild("XChaCha", "owner");
        simulator.voice().offerModes(List.of(TransportCipher.XCHACHA20_POLY1305));
        VoiceServer.Call call;
        try {
            call = play(guild, new OpusTone(660), Duration.ofSeconds(1));
        } finally {
            simulator.voice().offerModes(TransportCipher.SUPPORTED);
        }
        assertEquals(TransportCipher.XCHACHA20_POLY1305, call.mode());
        short[] pcm = call.monoPcm();
        assertEquals(660, ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, 9600, pcm.length), 48_000, 100, 2000), 3);
    }

    private VoiceServer.Call play(DiscordState.Guild guild, OpusTone tone, Duration duration) {
        var grant = simulator.joinVoiceAsBot(guild.id, simulator.state().channelNamed(guild.id, "Music").id());
        List<VoiceConnection.State> states = new CopyOnWriteArrayList<>();
        try (VoiceConnection connection = new VoiceConnection(simulator.voiceSession(grant), tone, sendLoop,
                (c, state, reason) -> states.add(state), simulator.voiceGatewayClient())) {
            connection.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(VoiceConnection.State.READY));
            sleep(duration.toMillis());
        }
        return simulator.voice().call(guild.id);
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
