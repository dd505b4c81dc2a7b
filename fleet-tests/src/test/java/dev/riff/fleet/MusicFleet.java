package dev.riff.fleet;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.riff.devkit.FleetService;
import dev.riff.devkit.KafkaBroker;
import dev.riff.devkit.Ports;
import dev.riff.devkit.ServiceProcess;
import dev.riff.devkit.audio.DemoLibrary;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.Interactions.Interaction;
import dev.riff.devkit.streaming.AppleMusicSimulator;
import dev.riff.devkit.streaming.DeezerSimulator;
import dev.riff.devkit.streaming.LyricsSimulator;
import dev.riff.devkit.streaming.SponsorBlockSimulator;
import dev.riff.devkit.streaming.SpotifySimulator;
import dev.riff.devkit.stripe.StripeSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The music path as real processes, for end-to-end tests: its own Kafka broker, the Discord
 * simulator and a media server in this JVM, and config-service, gateway-service and one or more
 * playback nodes on free ports against the services' test databases.
 */
final class MusicFleet implements AutoCloseable {

    Path state;
    KafkaBroker kafka;
    DiscordSimulator discord;
    MediaServer media;
    DemoLibrary demoLibrary;
    /** Spotify's Accounts service and Web API, whose credentials the playback nodes are given. */
    SpotifySimulator spotify;
    /** LRCLIB and lyrics.ovh, which the playback nodes ask for lyrics. */
    LyricsSimulator lyrics;
    /** Deezer's public API. */
    DeezerSimulator deezer;
    /** The Apple Music API, which checks the nodes' developer tokens against its MusicKit key. */
    AppleMusicSimulator appleMusic;
    /** SponsorBlock's API, with segments for the demo library's sponsored sweep. */
    SponsorBlockSimulator sponsorBlock;
    ServiceProcess config;
    ServiceProcess gateway;
    final List<ServiceProcess> playbackNodes = new ArrayList<>();
    /** With billing: the Stripe simulator in this JVM and billing-service (short grace and cooldown); else null. */
    StripeSimulator stripe;
    ServiceProcess billing;
    /** With webhooks: webhook-service, allowed to deliver to receivers on this machine; else null. */
    ServiceProcess webhooks;

    static final String STRIPE_WEBHOOK_SECRET = "whsec_fleet_tests";

    MusicFleet(int playbackNodeCount) throws IOException {
        this(playbackNodeCount, false);
    }

    MusicFleet(int playbackNodeCount, boolean withBilling) throws IOException {
        this(playbackNodeCount, withBilling, false);
    }

    MusicFleet(int playbackNodeCount, boolean withBilling, boolean withWebhooks) throws IOException {
        try {
            start(playbackNodeCount, withBilling, withWebhooks);
        } catch (IOException | RuntimeException failure) {
            // A fleet that fails to start stops what it started: a process left behind would relay the
            // test databases' outboxes to a broker nobody reads, and break the tests after it.
            close();
            throw failure;
        }
    }

    private void start(int playbackNodeCount, boolean withBilling, boolean withWebhooks) throws IOException {
        Path root = Path.of(System.getProperty("riff.root", "..")).toAbsolutePath().normalize();
        forgetSavedVoiceSessions();
        state = Files.createTempDirectory("riff-music-it");
        kafka = new KafkaBroker(state.resolve("kafka"), Ports.free(), Ports.free());
        kafka.start();
        kafka.createTopics();
        discord = DiscordSimulator.start(0);
        media = new MediaServer();
        demoLibrary = DemoLibrary.serve(0);
        spotify = SpotifySimulator.start(0, "riff-fleet-tests", "riff-fleet-tests-secret");
        lyrics = LyricsSimulator.start(0);
        deezer = DeezerSimulator.start(0);
        appleMusic = AppleMusicSimulator.start(0);
        sponsorBlock = SponsorBlockSimulator.start(0);
        config = new ServiceProcess(FleetService.CONFIG, root, state, Ports.free(),
                Map.of("riff.kafka.bootstrap", kafka.bootstrapServers(), "riff.database-name", "riff_config_test"));
        config.start();
        config.awaitReady(Duration.ofSeconds(120));
        if (withBilling) {
            stripe = StripeSimulator.start(0, STRIPE_WEBHOOK_SECRET);
            billing = new ServiceProcess(FleetService.BILLING, root, state, Ports.free(), Map.of(
                    "riff.kafka.bootstrap", kafka.bootstrapServers(), "riff.database-name", "riff_billing_test",
                    "riff.stripe.api-base", stripe.baseUrl(), "riff.stripe.api-key", "sk_test_fleet_tests",
                    "riff.stripe.webhook-secret", STRIPE_WEBHOOK_SECRET,
                    "riff.billing.grace", "PT3S", "riff.billing.move-cooldown", "PT3S", "riff.billing.lifecycle-every", "1s",
                    // A restarted billing gets its partitions back soon after the killed one's session ends (the broker's minimum).
                    "mp.messaging.incoming.playback-events.session.timeout.ms", "6000",
                    "mp.messaging.incoming.discord-entitlements.session.timeout.ms", "6000"));
            billing.start();
            billing.awaitReady(Duration.ofSeconds(120));
            stripe.deliverTo(billing.url() + "/webhooks/stripe");
        }
        if (withWebhooks) {
            webhooks = new ServiceProcess(FleetService.WEBHOOK, root, state, Ports.free(), Map.of(
                    "riff.kafka.bootstrap", kafka.bootstrapServers(), "riff.database-name", "riff_webhook_test",
                    "riff.webhooks.development-hosts", "127.0.0.1:*"));
            webhooks.start();
            webhooks.awaitReady(Duration.ofSeconds(120));
        }
        Map<String, String> gatewayProperties = new HashMap<>(Map.of(
                "riff.kafka.bootstrap", kafka.bootstrapServers(),
                "riff.database-name", "riff_gateway_test",
                "riff.discord.simulator-url", "http://127.0.0.1:" + discord.port(),
                "riff.config-service.port", Integer.toString(config.port()),
                // The test's media server is on loopback; the operator trusts exactly its host and port.
                "riff.media.trusted-hosts", media.hostPort()));
        if (billing != null) {
            gatewayProperties.put("quarkus.rest-client.billing-service.url", billing.url());
        }
        if (webhooks != null) {
            gatewayProperties.put("quarkus.rest-client.webhook-service.url", webhooks.url());
        }
        gateway = new ServiceProcess(FleetService.GATEWAY, root, state, Ports.free(), gatewayProperties);
        gateway.start();
        String group = "playback-it-" + UUID.randomUUID();
        for (int i = 0; i < playbackNodeCount; i++) {
            Path nodeState = Files.createDirectories(state.resolve("node-" + i));
            Map<String, String> nodeProperties = new HashMap<>(Map.of(
                    "riff.kafka.bootstrap", kafka.bootstrapServers(),
                    "riff.playback.stuck-threshold", "3s",
                    "riff.media.trusted-hosts", media.hostPort(),
                    "riff.playback.demo-library-url", demoLibrary.url(),
                    "riff.playback.voice-trusted-ca", discord.voiceTrustedCa().toString(),
                    "riff.database-name", "riff_playback_test",
                    "mp.messaging.incoming.playback-commands.group.id", group));
            nodeProperties.putAll(Map.of("riff.streaming.spotify-client-id", "riff-fleet-tests",
                    "riff.streaming.spotify-client-secret", "riff-fleet-tests-secret",
                    "riff.streaming.spotify-accounts-url", spotify.baseUrl(), "riff.streaming.spotify-api-url", spotify.baseUrl(),
                    "riff.lyrics.lrclib-url", lyrics.baseUrl(), "riff.lyrics.lyrics-ovh-url", lyrics.baseUrl(),
                    "riff.streaming.deezer-api-url", deezer.baseUrl(),
                    "riff.streaming.apple-music-api-url", appleMusic.baseUrl(),
                    "riff.streaming.apple-music-team-id", AppleMusicSimulator.TEAM_ID, "riff.streaming.apple-music-key-id", AppleMusicSimulator.KEY_ID));
            nodeProperties.put("riff.streaming.apple-music-private-key", appleMusic.privateKeyPem());
            nodeProperties.put("riff.sponsorblock.url", sponsorBlock.baseUrl());
            ServiceProcess node = new ServiceProcess(FleetService.PLAYBACK, root, nodeState, Ports.free(), nodeProperties);
            node.start();
            playbackNodes.add(node);
        }
        gateway.awaitReady(Duration.ofSeconds(120));
        for (ServiceProcess node : playbackNodes) {
            node.awaitReady(Duration.ofSeconds(120));
        }
    }

    /** Uses a command (with options already built) as the member and waits for the deferral. */
    Interaction command(String guildId, String channelId, String userId, String name, ArrayNode options) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Interaction attempt = discord.interactions().command(guildId, channelId, userId, name, options);
            discord.deliver(attempt);
            await().atMost(Duration.ofSeconds(10)).until(() -> attempt.callback != null);
            return attempt;
        }, attempt -> attempt.callbackType() == 5);
    }

    /** Uses /play as the member and waits for the deferral (retried while the gateway learns the new guild). */
    Interaction play(String guildId, String channelId, String userId, String query) {
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", "query").put("type", 3).put("value", query);
        return command(guildId, channelId, userId, "play", options);
    }

    String content(Interaction interaction) {
        if (interaction.originalMessageId == null) {
            return "";
        }
        return discord.state().message(interaction.channelId, interaction.originalMessageId)
                .map(m -> String.valueOf(m.body().getOrDefault("content", ""))).orElse("");
    }

    /** {@link #everything} once the member has been answered, waiting up to 30 s for it. */
    String answered(Interaction interaction) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !everything(interaction).isEmpty());
        return everything(interaction);
    }

    /** The reply and any follow-ups (a refusal is told privately in a follow-up), one per line. */
    String everything(Interaction interaction) {
        StringBuilder text = new StringBuilder(content(interaction));
        for (String followup : interaction.followupMessageIds) {
            discord.state().message(interaction.channelId, followup)
                    .ifPresent(m -> text.append('\n').append(m.body().getOrDefault("content", "")));
        }
        return text.toString();
    }

    /** Voice sessions saved by earlier runs point at simulators that are gone; nodes must not restore them. */
    private static void forgetSavedVoiceSessions() {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/riff_playback_test?user=riff_playback");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("update guild_player set voice_endpoint = null, voice_token = null");
        } catch (SQLException e) {
            // first run: the table does not exist yet
        }
    }

    @Override
    public void close() throws IOException {
        if (gateway != null) {
            gateway.stop();
        }
        playbackNodes.forEach(ServiceProcess::stop);
        forgetSavedVoiceSessions();
        for (ServiceProcess service : new ServiceProcess[] {config, billing, webhooks}) {
            if (service != null) {
                service.stop();
            }
        }
        for (AutoCloseable resource : new AutoCloseable[] {stripe, discord, media, demoLibrary, spotify, lyrics, deezer, appleMusic, sponsorBlock}) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IOException("could not close " + resource, e);
                }
            }
        }
        if (kafka != null) {
            kafka.stop();
        }
        TestDirectories.deleteTree(state);
    }
}
