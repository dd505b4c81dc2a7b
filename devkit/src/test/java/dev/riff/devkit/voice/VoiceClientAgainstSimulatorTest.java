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
 * tone that was sent, at real-time pace. Tolerances: the tone within 2 Hz; frames 20 ms apart with
 * no gap over 60 ms (three frames) and a p99 interval under 30 ms on this shared 2-core machine.
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

    @Test
    void a440HzToneArrivesAs440HzAtRealTimePace() {
        DiscordState.Guild guild = simulator.addGuild("Voice", "owner");
        VoiceServer.Call call = play(guild, new OpusTone(440), Duration.ofSeconds(3));

        assertEquals(TransportCipher.AES256_GCM, call.mode(), "the preferred mode was negotiated");
        short[] pcm = call.monoPcm();
        short[] steady = Arrays.copyOfRange(pcm, 48_000 / 2, Math.min(pcm.length, 48_000 * 2));
        assertEquals(440, ToneAnalysis.dominantFrequency(steady, 48_000, 100, 2000), 2);
        assertTrue(ToneAnalysis.rms(steady) > 3000, "audible: rms " + ToneAnalysis.rms(steady));

        int frames = call.frames.size();
        assertTrue(frames >= 140 && frames <= 160, "about 150 frames in 3 s, got " + frames);
        double[] intervals = call.arrivalIntervalsMillis();
        double[] sorted = intervals.clone();
        Arrays.sort(sorted);
        double p99 = sorted[(int) (sorted.length * 0.99)];
        double max = sorted[sorted.length - 1];
        assertTrue(max < 60, "no gap over 60 ms, max " + max);
        assertTrue(p99 < 30, "p99 interval " + p99 + " ms");
        double mean = Arrays.stream(intervals).average().orElseThrow();
        assertEquals(20.0, mean, 1.0, "real-time pace");
        assertTrue(call.speaking.contains(1), "speaking was announced");
    }

    @Test
    void pausingSendsSilenceAndStopsSpeaking() {
        DiscordState.Guild guild = simulator.addGuild("Pause", "owner");
        OpusTone tone = new OpusTone(440);
        var grant = simulator.joinVoiceAsBot(guild.id, simulator.state().channelNamed(guild.id, "Music").id());
        List<VoiceConnection.State> states = new CopyOnWriteArrayList<>();
        try (VoiceConnection connection = new VoiceConnection(session(grant), tone, sendLoop,
                (c, state, reason) -> states.add(state))) {
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
        try (VoiceConnection connection = new VoiceConnection(session(grant), new OpusTone(440), sendLoop,
                (c, state, reason) -> states.add(state))) {
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
        try (VoiceConnection connection = new VoiceConnection(session(grant), tone, sendLoop,
                (c, state, reason) -> states.add(state))) {
            connection.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(VoiceConnection.State.READY));
            sleep(duration.toMillis());
        }
        return simulator.voice().call(guild.id);
    }

    private VoiceConnection.Session session(dev.riff.devkit.discord.VoiceServers.Grant grant) {
        return new VoiceConnection.Session(grant.guildId(), grant.channelId(), grant.userId(), grant.sessionId(),
                simulator.voiceServers().endpoint(), grant.token());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
