package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Webhooks end to end: the server's owner adds an endpoint with /webhooks add (the secret is shown
 * to them once), a member's /play starts a track, and the endpoint receives track.started, whose
 * signature the official Standard Webhooks library verifies with that secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT {

    private MusicFleet fleet;
    private HttpServer receiver;
    private final List<Map.Entry<Map<String, List<String>>, String>> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws IOException {
        fleet = new MusicFleet(1, false, true);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(Map.entry(Map.copyOf(exchange.getRequestHeaders()), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    void stop() throws IOException {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aPlayedTrackReachesTheServersEndpointSigned() throws Exception {
        String url = fleet.media.add("tone.wav", MediaServer.wavTone(440, 5));
        DiscordState.Guild guild = fleet.discord.addGuild("Webhook fans", "owner");
        String text = fleet.discord.state().channelNamed(guild.id, "general").id();
        String voice = fleet.discord.state().channelNamed(guild.id, "Music").id();
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, voice);

        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        ArrayNode add = options.addObject().put("name", "add").put("type", 1).putArray("options");
        add.addObject().put("name", "url").put("type", 3).put("value", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/riff");
        add.addObject().put("name", "events").put("type", 3).put("value", "track.started");
        Interaction added = fleet.command(guild.id, text, guild.ownerId, "webhooks", options);
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(added).contains("whsec_"));
        assertEquals(64, added.callback.path("data").path("flags").asInt() & 64, "the secret is shown to the owner only");
        Matcher secret = Pattern.compile("whsec_[A-Za-z0-9+/=]+").matcher(fleet.content(added));
        assertTrue(secret.find());

        Interaction play = fleet.play(guild.id, text, bob, url);
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(play).startsWith("Playing **tone.wav**"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        var delivery = received.get(0);
        new Webhook(secret.group()).verify(delivery.getValue(), delivery.getKey());
        JsonNode body = CloudEventCodec.mapper().readTree(delivery.getValue());
        assertEquals("track.started", body.path("type").asText());
        assertEquals("tone.wav", body.path("data").path("title").asText());
        assertEquals(guild.id, body.path("data").path("guildId").asText());
    }
}
