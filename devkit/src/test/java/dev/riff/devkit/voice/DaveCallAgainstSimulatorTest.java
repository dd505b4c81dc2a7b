package dev.riff.devkit.voice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.devkit.audio.OpusTone;
import dev.riff.devkit.audio.ToneAnalysis;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.VoiceServer;
import dev.riff.devkit.discord.VoiceServers;
import dev.riff.devkit.discord.dave.DaveListener;
import dev.riff.voice.VoiceConnection;
import dev.riff.voice.VoiceSendLoop;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bot's voice client in DAVE calls of the simulated voice server, heard by simulated members
 * that are real MLS group members. Across membership changes a member who stays misses no frame
 * and none arrives out of order; how long transitions take is measured by DaveTransitionBenchmark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaveCallAgainstSimulatorTest {

    private static final long ALICE = 1001, BOB = 1002, EVE = 1666, CAROL = 1003;
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
    void aMemberHearsTheToneThroughEndToEndEncryptionAndAnOutsiderDecryptsNothing() throws Exception {
        DiscordState.Guild guild = simulator.addGuild("Dave", "owner");
        String channel = simulator.state().channelNamed(guild.id, "Music").id();
        try (VoiceConnection bot = connect(guild, channel)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.dave().protocolVersion() == 1);
            DaveListener alice = simulator.voice().listen(guild.id, channel, ALICE);
            until(guild, channel, () -> alice.heard.size() > 100);
            DaveListener eve = simulator.voice().eavesdrop(guild.id, channel, EVE);
            until(guild, channel, () -> eve.handler().decryptor().failed.get() > 50);

            assertTrue(bot.dave().encryptor().encrypting(), "the bot encrypts once the group is established");
            assertEquals(Set.of(Long.parseLong(bot.session().userId()), ALICE), bot.dave().session().members());
            assertTrue(Arrays.equals(bot.dave().session().epochAuthenticator(), alice.handler().session().epochAuthenticator()),
                    "bot and member agree on the epoch");
            short[] pcm = alice.monoPcm();
            short[] steady = Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length);
            assertEquals(440, ToneAnalysis.dominantFrequency(steady, 48_000, 100, 2000), 2);
            assertTrue(ToneAnalysis.rms(steady) > 3000, "audible");

            VoiceServer.Call call = simulator.voice().call(guild.id);
            assertTrue(call.protectedFrames.get() > 100, "the voice server saw only protocol frames it cannot decode");
            assertEquals(0, eve.heard.size(), "an outsider decrypts nothing");
            var report = controlVoice(guild.id).path("listeners");
            var aliceReport = java.util.stream.StreamSupport.stream(report.spliterator(), false)
                    .filter(l -> l.path("userId").asText().equals(Long.toString(ALICE))).findFirst().orElseThrow();
            assertEquals(440, aliceReport.path("dominantHzLastSecond").asInt(), 2, "the control API reports what alice hears");
            assertEquals(0, eve.handler().decryptor().decrypted.get(), "not one protocol frame opened for the outsider");
        }
    }

    @Test
    void membersJoiningAndLeavingMidTrackHearEveryFrame() {
        DiscordState.Guild guild = simulator.addGuild("Membership", "owner");
        String channel = simulator.state().channelNamed(guild.id, "Music").id();
        // The guarantee holds when every member says it is ready; the fallback timeout must not fire on a slow machine.
        simulator.voice().dave(guild.id, channel).transitionTimeout(Duration.ofMinutes(2));
        try (VoiceConnection bot = connect(guild, channel)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.dave().protocolVersion() == 1);
            DaveListener alice = simulator.voice().listen(guild.id, channel, ALICE);
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.heard.size() > 50);
            long epochWithAlice = bot.dave().session().epoch();

            DaveListener bob = simulator.voice().listen(guild.id, channel, BOB);
            until(guild, channel, () -> bob.heard.size() > 50);
            assertTrue(bot.dave().session().epoch() > epochWithAlice, "the join moved the group to a new epoch");

            // Frames sent under the previous epoch before the transition executed are not for bob to read.
            long bobFailuresBeforeLeave = bob.handler().decryptor().failed.get();
            simulator.voice().hangUp(guild.id, ALICE);
            until(guild, channel, () -> bot.dave().session().members().equals(Set.of(Long.parseLong(bot.session().userId()), BOB)));
            int bobBefore = bob.heard.size();
            until(guild, channel, () -> bob.heard.size() > bobBefore + 150);

            assertEquals(0, alice.framesMissed(), "alice heard every frame, in order, through bob's join");
            assertEquals(0, bob.framesMissed(), "bob heard every frame, in order, through alice's leave");
            short[] pcm = bob.monoPcm();
            assertEquals(440, ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length), 48_000, 100, 2000), 2);
            assertEquals(bobFailuresBeforeLeave, bob.handler().decryptor().failed.get(), "bob decrypted every frame across alice's leave");
        }
    }

    @Test
    void aMemberWithoutDaveDowngradesTheCallToTransportEncryption() {
        DiscordState.Guild guild = simulator.addGuild("Downgrade", "owner");
        String channel = simulator.state().channelNamed(guild.id, "Music").id();
        try (VoiceConnection bot = connect(guild, channel)) {
            DaveListener alice = simulator.voice().listen(guild.id, channel, ALICE);
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.dave().encryptor().encrypting());
            new DaveListener(CAROL, Long.parseLong(channel), false, simulator.voice().dave(guild.id, channel)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.dave().protocolVersion() == 0);
            assertTrue(!bot.dave().encryptor().encrypting(), "frames pass through after the downgrade");
            VoiceServer.Call call = simulator.voice().call(guild.id);
            int plainBefore = call.frames.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> call.frames.size() > plainBefore + 50);
            int aliceBefore = alice.heard.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> alice.heard.size() > aliceBefore + 50);
        }
    }

    /**
     * No silent downgrade: when the voice gateway cannot use the bot's key package, it closes the
     * bot's connection with 4002 instead of carrying on without it; the bot counts the failure, and
     * the member in the call receives not one unencrypted frame meanwhile.
     */
    @Test
    void aRefusedKeyPackageEndsTheConnectionLoudlyAndNothingUnencryptedReachesTheMember() {
        DiscordState.Guild guild = simulator.addGuild("Refused", "owner");
        String channel = simulator.state().channelNamed(guild.id, "Music").id();
        DaveListener alice = simulator.voice().listen(guild.id, channel, ALICE);
        VoiceServers.Grant grant = simulator.joinVoiceAsBot(guild.id, channel);
        simulator.voice().dave(guild.id, channel).treatKeyPackagesAsUnreadable(Long.parseLong(grant.userId()));
        java.util.List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (VoiceConnection bot = new VoiceConnection(simulator.voiceSession(grant), new OpusTone(440), sendLoop,
                (c, state, reason) -> reasons.add(state + " " + reason), simulator.voiceGatewayClient())) {
            bot.connect();
            until(guild, channel, () -> bot.state() == VoiceConnection.State.CLOSED);
            assertEquals(1, bot.stats().daveFailures(), "the bot counted the refused handshake: " + reasons);
            assertTrue(reasons.stream().anyMatch(r -> r.contains("4002")), "closed with 4002: " + reasons);
            assertEquals(0, alice.heard.size(), "alice heard nothing");
            VoiceServer.Call call = simulator.voice().call(guild.id);
            assertTrue(call == null || call.frames.isEmpty(), "the voice server received no unencrypted audio frame");
        }
    }

    private com.fasterxml.jackson.databind.JsonNode controlVoice(String guildId) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + simulator.port() + "/control/guilds/" + guildId + "/voice")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    private VoiceConnection connect(DiscordState.Guild guild, String channel) {
        VoiceServers.Grant grant = simulator.joinVoiceAsBot(guild.id, channel);
        VoiceConnection connection = new VoiceConnection(simulator.voiceSession(grant), new OpusTone(440), sendLoop, (c, s, r) -> { },
                simulator.voiceGatewayClient());
        connection.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> connection.state() == VoiceConnection.State.READY);
        return connection;
    }

    /** Waits up to 10 s; on timeout the voice gateway's DAVE log explains where the handshake stopped. */
    private void until(DiscordState.Guild guild, String channel, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("DAVE call log: " + simulator.voice().dave(guild.id, channel).log, e);
        }
    }
}
