package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.TrackEvent;
import dev.riff.devkit.KafkaProbe;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Premium end to end, across real processes: a member's /premium buy answers with a Stripe Checkout
 * link (stripe-java against the Stripe simulator), the simulator completes the checkout and signs
 * its webhooks to billing, /premium activate puts the member's premium on the server, and
 * config-service's effective configuration lifts the free tier's caps, so a premium-only source gets
 * past the premium gate. Then a payment fails: grace, expiry, back to free with the settings intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PremiumIT {

    private MusicFleet fleet;

    @BeforeAll
    void start() throws IOException {
        fleet = new MusicFleet(1, true);
    }

    @AfterAll
    void stop() throws IOException {
        fleet.close();
    }

    @Test
    void aMemberBuysPremiumPutsItOnTheServerAndLosesItWhenPaymentsStop() {
        DiscordState.Guild guild = fleet.discord.addGuild("Premium lovers", "owner");
        String text = fleet.discord.state().channelNamed(guild.id, "general").id();
        String voice = fleet.discord.state().channelNamed(guild.id, "Music").id();
        String carol = fleet.discord.addMember(guild.id, "carol", List.of()).id();
        fleet.discord.moveToVoice(guild.id, carol, voice);
        // The owner has set what premium unlocks; on the free tier it is capped, not changed.
        Http.patch(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/server-configuration",
                "{\"spotifyEnabled\":true,\"maxQueueSize\":500}");
        assertEquals("free", effective(guild.id).path("subscriptionTier").asText());
        assertEquals(100, effective(guild.id).path("maxQueueSize").asInt());

        Interaction refused = fleet.play(guild.id, text, carol, "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(fleet.everything(refused).contains("need premium"),
                fleet.everything(refused)));

        Interaction buy = fleet.command(guild.id, text, carol, "premium", subcommand("buy", "plan", "premium"));
        await().atMost(Duration.ofSeconds(30)).until(() -> link(buy) != null);
        String checkoutUrl = link(buy);
        assertTrue(checkoutUrl.startsWith(fleet.stripe.baseUrl() + "/checkout/"), checkoutUrl);
        assertEquals(64, buy.callback.path("data").path("flags").asInt() & 64, "the reply is ephemeral");
        fleet.stripe.completeCheckout(checkoutUrl.substring(checkoutUrl.lastIndexOf('/') + 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(billingStatus(carol).path("status").asText()));

        Interaction activate = fleet.command(guild.id, text, carol, "premium", subcommand("activate", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(activate).startsWith("Premium is on for this server"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "premium".equals(effective(guild.id).path("subscriptionTier").asText()));
        assertEquals(500, effective(guild.id).path("maxQueueSize").asInt());
        assertTrue(effective(guild.id).path("spotifyEnabled").asBoolean());

        Interaction unlocked = fleet.play(guild.id, text, carol, "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC");
        fleet.answered(unlocked);
        assertTrue(!fleet.everything(unlocked).contains("need premium"), "premium lets the link past the premium gate: " + fleet.everything(unlocked));

        Interaction status = fleet.command(guild.id, text, carol, "premium", subcommand("status", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(status).contains("Your plan: **premium**"));
        assertTrue(fleet.content(status).contains("Premium servers: 1 of 3"), fleet.content(status));

        String subscription = fleet.stripe.events().stream()
                .filter(e -> e.type().equals("customer.subscription.created")).map(e -> e.json().path("data").path("object").path("id").asText())
                .reduce((first, second) -> second).orElseThrow();
        fleet.stripe.failPayment(subscription, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "past_due".equals(billingStatus(carol).path("status").asText()));
        assertEquals("premium", effective(guild.id).path("subscriptionTier").asText(), "premium stays during the grace");
        await().atMost(Duration.ofSeconds(60)).until(() -> "free".equals(effective(guild.id).path("subscriptionTier").asText()));
        assertEquals(100, effective(guild.id).path("maxQueueSize").asInt(), "capped again");
        JsonNode stored = Http.get(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/server-configuration").body();
        assertEquals(500, stored.path("maxQueueSize").asInt(), "the stored settings are intact");
        assertTrue(stored.path("spotifyEnabled").asBoolean());
    }

    /** Discord's own store: a purchase of a plan's SKU reaches billing through the gateway and gives the same product. */
    @Test
    void aDiscordStorePurchaseGivesTheSamePremiumAndARefundTakesItBack() {
        DiscordState.Guild guild = fleet.discord.addGuild("Store buyers", "owner");
        String text = fleet.discord.state().channelNamed(guild.id, "general").id();
        String dave = fleet.discord.addMember(guild.id, "dave", List.of()).id();
        var entitlement = fleet.discord.grantEntitlement(DiscordSimulator.SKU_RIFF_BASIC, dave, null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(billingStatus(dave).path("status").asText()));
        assertEquals("basic", billingStatus(dave).path("plan").asText());
        assertEquals("discord", billingStatus(dave).path("source").asText());

        Interaction activate = fleet.command(guild.id, text, dave, "premium", subcommand("activate", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(activate).startsWith("Premium is on for this server"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "premium".equals(effective(guild.id).path("subscriptionTier").asText()));

        fleet.discord.deleteEntitlement(entitlement.path("id").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> "free".equals(effective(guild.id).path("subscriptionTier").asText()));
        assertEquals("expired", billingStatus(dave).path("status").asText());
    }

    /**
     * Usage is counted once per event even when billing crashes while counting: the consumer's
     * offsets lag what it committed to PostgreSQL, so the restarted process reads some records
     * again, and the event ids it already counted count nothing.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void usageIsCountedExactlyOnceAcrossACrashOfBilling() {
        String user = Long.toString(700_000_000_000_000_000L + System.nanoTime() % 100_000_000_000_000_000L);
        String guild = fleet.discord.addGuild("Usage", "owner").id;
        List<CloudEvent> sent = new java.util.ArrayList<>();
        try (KafkaProbe kafka = new KafkaProbe(fleet.kafka.bootstrapServers(), "playback.events")) {
            for (int i = 0; i < 2_000; i++) {
                CloudEvent started = CloudEvent.create(EventTypes.TRACK_STARTED, "/playback-service", guild, guild,
                        CloudEventCodec.mapper().valueToTree(new TrackEvent(guild, "Demo " + i, "https://example.org/" + i, "http", user, 1_000, 0, null)));
                kafka.publish("playback.events", started);
                sent.add(started);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> billingStatus(user).path("usage").path("requests").asLong() > 0);
            fleet.billing.kill();
            // Some arrive twice, as a producer's retry would send them.
            sent.subList(0, 100).forEach(event -> kafka.publish("playback.events", event));
            fleet.billing.start();
            fleet.billing.awaitReady(Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(150)).until(() -> billingStatus(user).path("usage").path("requests").asLong() >= 2_000);
            CloudEvent last = CloudEvent.create(EventTypes.TRACK_STARTED, "/playback-service", guild, guild,
                    CloudEventCodec.mapper().valueToTree(new TrackEvent(guild, "Last", "https://example.org/last", "http", user, 1_000, 0, null)));
            kafka.publish("playback.events", last);
            // The restarted consumer is assigned its partitions once the killed one's session times out.
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertTrue(billingStatus(user).path("usage").path("requests").asLong() >= 2_001,
                    billingStatus(user).path("usage") + "\n" + fleet.billing.logTail(40)));
            assertEquals(2_001, billingStatus(user).path("usage").path("requests").asLong(), "every track once, none twice");
        }
    }

    private JsonNode effective(String guildId) {
        return Http.get(fleet.config.url() + "/api/v1/guilds/" + guildId + "/effective-configuration").body().path("values");
    }

    private JsonNode billingStatus(String userId) {
        return Http.get(fleet.billing.url() + "/api/v1/users/" + userId + "/premium").body();
    }

    private String link(Interaction interaction) {
        if (interaction.originalMessageId == null) {
            return null;
        }
        return fleet.discord.state().message(interaction.channelId, interaction.originalMessageId)
                .map(message -> DiscordJson.MAPPER.valueToTree(message.body()).findValue("url"))
                .map(JsonNode::asText).orElse(null);
    }

    private static ArrayNode subcommand(String name, String option, String value) {
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        var sub = options.addObject().put("name", name).put("type", 1);
        ArrayNode inner = sub.putArray("options");
        if (option != null) {
            inner.addObject().put("name", option).put("type", 3).put("value", value);
        }
        return options;
    }
}
