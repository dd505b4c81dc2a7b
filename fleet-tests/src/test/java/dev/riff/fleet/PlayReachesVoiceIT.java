package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.riff.devkit.FleetService;
import dev.riff.devkit.KafkaBroker;
import dev.riff.devkit.Ports;
import dev.riff.devkit.ServiceProcess;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.devkit.audio.ToneAnalysis;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import dev.riff.devkit.discord.VoiceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The music path, across real processes: a member's /play of a locally served file goes from the
 * Discord simulator through gateway-service (JDA), Kafka and playback-service (lavaplayer), which
 * asks the gateway to join voice, connects to the simulated voice server and streams; the voice
 * server decrypts and decodes what it receives, and it is the file's 440 Hz tone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlayReachesVoiceIT {

    private Path state;
    private KafkaBroker kafka;
    private DiscordSimulator discord;
    private MediaServer media;
    private ServiceProcess config;
    private ServiceProcess gateway;
    private ServiceProcess playback;

    @BeforeAll
    void startFleet() throws IOException {
        Path root = Path.of(System.getProperty("riff.root", "..")).toAbsolutePath().normalize();
        state = Files.createTempDirectory("riff-play-it");
        kafka = new KafkaBroker(state.resolve("kafka"), Ports.free(), Ports.free());
        kafka.start();
        kafka.createTopics();
        discord = DiscordSimulator.start(0);
        media = new MediaServer();
        config = new ServiceProcess(FleetService.CONFIG, root, state, Ports.free(),
                Map.of("riff.kafka.bootstrap", kafka.bootstrapServers(), "riff.database-name", "riff_config_test"));
        config.start();
        config.awaitReady(Duration.ofSeconds(120));
        Map<String, String> gatewayProperties = new HashMap<>(Map.of(
                "riff.kafka.bootstrap", kafka.bootstrapServers(),
                "riff.database-name", "riff_gateway_test",
                "riff.discord.simulator-url", "http://127.0.0.1:" + discord.port(),
                "quarkus.rest-client.config-service.url", config.url(),
                // The test's media server is on loopback; the operator trusts it.
                "riff.gateway.trusted-media-hosts", "127.0.0.1"));
        gateway = new ServiceProcess(FleetService.GATEWAY, root, state, Ports.free(), gatewayProperties);
        playback = new ServiceProcess(FleetService.PLAYBACK, root, state, Ports.free(), Map.of(
                "riff.kafka.bootstrap", kafka.bootstrapServers(),
                "riff.database-name", "riff_playback_test",
                "mp.messaging.incoming.playback-commands.group.id", "playback-it-" + UUID.randomUUID()));
        gateway.start();
        playback.start();
        gateway.awaitReady(Duration.ofSeconds(120));
        playback.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    void stopFleet() throws IOException {
        for (ServiceProcess service : new ServiceProcess[] {gateway, playback, config}) {
            if (service != null) {
                service.stop();
            }
        }
        if (discord != null) {
            discord.close();
        }
        if (media != null) {
            media.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        try (Stream<Path> files = Files.walk(state)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aMemberPlaysAFileAndTheVoiceChannelHearsIt() {
        String url = media.add("tone.wav", MediaServer.wavTone(440, 20));
        DiscordState.Guild guild = discord.addGuild("Music lovers", "owner");
        String voiceChannel = discord.state().channelNamed(guild.id, "Music").id();
        String textChannel = discord.state().channelNamed(guild.id, "general").id();
        String bob = discord.addMember(guild.id, "bob", List.of()).id();
        discord.moveToVoice(guild.id, bob, voiceChannel);

        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", "query").put("type", 3).put("value", url);
        Interaction play = await().atMost(Duration.ofSeconds(30)).until(() -> {
            Interaction attempt = discord.interactions().command(guild.id, textChannel, bob, "play", options);
            discord.deliver(attempt);
            await().atMost(Duration.ofSeconds(10)).until(() -> attempt.callback != null);
            return attempt;
        }, attempt -> attempt.callbackType() == 5);

        await().atMost(Duration.ofSeconds(30)).until(() -> content(play).startsWith("Playing **tone.wav**"));
        assertEquals("Playing **tone.wav** (0:20).", content(play));

        await().atMost(Duration.ofSeconds(30)).until(() -> discord.voice().call(guild.id) != null
                && discord.voice().call(guild.id).frames.size() > 200);
        VoiceServer.Call call = discord.voice().call(guild.id);
        assertEquals(voiceChannel, discord.state().guild(guild.id).voiceStates.get(discord.state().botUser().id()).channelId(),
                "the bot joined the member's voice channel");
        short[] pcm = call.monoPcm();
        short[] steady = Arrays.copyOfRange(pcm, 48_000, Math.min(pcm.length, 48_000 * 3));
        assertEquals(440, ToneAnalysis.dominantFrequency(steady, 48_000, 100, 2000), 2);
        assertTrue(ToneAnalysis.rms(steady) > 2000, "audible");
    }

    private String content(Interaction interaction) {
        if (interaction.originalMessageId == null) {
            return "";
        }
        return discord.state().message(interaction.channelId, interaction.originalMessageId)
                .map(m -> String.valueOf(m.body().getOrDefault("content", ""))).orElse("");
    }
}
