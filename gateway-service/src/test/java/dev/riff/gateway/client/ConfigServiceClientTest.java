package dev.riff.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.devkit.KafkaProbe;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import dev.riff.contracts.grpc.config.v1.EffectiveConfiguration;
import dev.riff.gateway.client.ConfigLookupStub.Answer;
import dev.riff.gateway.domain.CommandCatalog;
import dev.riff.gateway.service.Wording;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of config-service's APIs, against stubs (REST in WireMock, gRPC in grpc-java's
 * server): typed views that take defaults for what is missing and ignore what is new, the setting's
 * JSON type on the wire, a refusal's reason shown, and a slow or failing config-service refusing the
 * command without publishing anything, the slow call cancelled at its deadline.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigServiceStub.class, restrictToAnnotatedClass = true)
class ConfigServiceClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int EPHEMERAL = 1 << 6;

    @ConfigProperty(name = "riff.auth.callers.gateway.token")
    String gatewayToken;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private DiscordSimulator simulator;
    private DiscordState.Guild guild;
    private String textChannel;
    private String listener;

    @BeforeEach
    void newGuild() {
        simulator = ConfigServiceStub.simulator;
        await().atMost(Duration.ofSeconds(60)).until(() -> !simulator.gateway().connectedShards().isEmpty());
        // A fresh simulator refuses commands the bot has not registered yet.
        await().atMost(WAIT).until(() -> simulator.state().globalCommands().size() == CommandCatalog.NAMES.size());
        guild = simulator.addGuild("Guild " + System.nanoTime(), "owner");
        textChannel = simulator.state().channelNamed(guild.id, "general").id();
        listener = simulator.addMember(guild.id, "listener", List.of()).id();
        simulator.moveToVoice(guild.id, listener, simulator.state().channelNamed(guild.id, "Music").id());
    }

    @Test
    void settingsConfigServiceDoesNotSendTakeTheirDefaultsAndNewOnesAreIgnored() {
        stubEffective(Answer.of(EffectiveConfiguration.newBuilder().setGuildId(guild.id).setChannelId(textChannel)
                .putValues("volumeLimit", Value.newBuilder().setNumberValue(150).build())
                .putValues("futureSetting", Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("nested", Value.newBuilder().setBoolValue(true).build())).build())
                .putSources("volumeLimit", "server").putSources("futureSetting", "server").build()));
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            Interaction play = command(listener, "play", option("query", "https://93.184.215.14/song.mp3"));
            var published = commands.await(r -> play.id.equals(r.event().data().path("commandId").asText()), WAIT)
                    .orElseThrow(() -> new AssertionError("no command on playback.commands"));
            var limits = published.event().data().path("limits");
            assertTrue(limits.path("volumeLimit").isIntegralNumber(), "a whole number stays one across protobuf's double: " + limits);
            assertEquals(150, limits.path("volumeLimit").asInt(), "the value config-service sent");
            assertEquals(100, limits.path("maxQueueSize").asInt(), "missing: the catalogue's default");
            assertEquals(0.5, limits.path("voteSkipThreshold").asDouble());
        }
        List<ConfigLookupStub.Call> calls = ConfigServiceStub.lookups.calls(guild.id);
        assertEquals(1, calls.size(), "one lookup, then the cache");
        assertEquals("Bearer " + gatewayToken, calls.get(0).authorization(), "the gateway's service credential");
        assertEquals(textChannel, calls.get(0).channelId());
        assertTrue(calls.get(0).hadDeadline(), "every lookup carries its deadline");
    }

    @Test
    void aSlowConfigServiceRefusesTheCommandPrivatelyPublishesNothingAndTheCallIsCancelled() {
        stubEffective(Answer.of(EffectiveConfiguration.newBuilder().setGuildId(guild.id).build()).after(Duration.ofSeconds(30)));
        assertConfigUnavailable();
        // The deadline travelled with the call: config-service stops working on it rather than answering no one.
        await().atMost(WAIT).until(() -> ConfigServiceStub.lookups.cancelledWhileHeld().contains(guild.id));
    }

    @Test
    void aFailingConfigServiceRefusesTheCommandPrivatelyAndPublishesNothing() {
        stubEffective(Answer.failing(Status.UNAVAILABLE.withDescription("starting")));
        assertConfigUnavailable();
    }

    @Test
    void configSetSendsTheSettingsOwnJsonTypeWithTheCredentialAndShowsTheRefusalsReason() {
        stubEffective(defaults());
        ConfigServiceStub.configService.stubFor(patch(urlPathEqualTo(server()))
                .withRequestBody(equalToJson("{\"maxQueueSize\": 500}"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json").withBody("""
                        {"status": 400, "title": "Bad Request", "errors": [{"field": "maxQueueSize", "reason": "is above this tier's cap"}]}
                        """)));
        Interaction refused = configSet("maxQueueSize", "500");
        await().atMost(WAIT).until(() -> anyReply(refused).equals(english("config-refused",
                Map.of("setting", "maxQueueSize", "reason", "is above this tier's cap"))));
        ConfigServiceStub.configService.verify(patchRequestedFor(urlPathEqualTo(server()))
                .withHeader("Authorization", equalTo("Bearer " + gatewayToken))
                .withHeader("X-Riff-Actor", equalTo(guild.ownerId))
                .withRequestBody(equalToJson("{\"maxQueueSize\": 500}")));

        ConfigServiceStub.configService.stubFor(patch(urlPathEqualTo(server()))
                .withRequestBody(equalToJson("{\"djOnlyMode\": true}"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"guildId\": \"" + guild.id + "\", \"djOnlyMode\": true, \"version\": 7, \"futureSetting\": 1}")));
        Interaction accepted = configSet("djOnlyMode", "on");
        await().atMost(WAIT).until(() -> anyReply(accepted).equals(english("config-set", Map.of("setting", "djOnlyMode", "value", "true"))));
    }

    @Test
    void configViewListsTheSettingsItKnowsAndLeavesOutTheRest() {
        stubEffective(defaults());
        ConfigServiceStub.configService.stubFor(get(urlPathEqualTo(server())).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"guildId\": \"" + guild.id + "\", \"volumeLimit\": 80, \"djRoleId\": null, \"futureSetting\": 1, \"version\": 2}")));
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", "view").put("type", 1);
        Interaction view = simulator.interactions().command(guild.id, textChannel, guild.ownerId, "config", options);
        simulator.deliver(view);
        String expected = String.join("\n", english("config-settings", Map.of("where", english("config-where-server", Map.of()))),
                "• volumeLimit: 80", "• djRoleId: " + english("config-not-set", Map.of()));
        await().atMost(WAIT).until(() -> anyReply(view).equals(expected));
    }

    private void assertConfigUnavailable() {
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            Interaction play = command(listener, "play", option("query", "https://93.184.215.14/song.mp3"));
            await().atMost(WAIT).until(() -> play.callback != null);
            assertEquals(4, play.callbackType(), "answered at once, not deferred");
            assertEquals(EPHEMERAL, play.callback.path("data").path("flags").asInt() & EPHEMERAL);
            assertEquals(english("config-unavailable", Map.of()), play.callback.path("data").path("content").asText());
            assertTrue(commands.collect(r -> guild.id.equals(r.key()), Duration.ofSeconds(2)).isEmpty(), "nothing published");
        }
    }

    private void stubEffective(Answer answer) {
        ConfigServiceStub.lookups.answer(guild.id, answer);
    }

    private Answer defaults() {
        return Answer.of(EffectiveConfiguration.newBuilder().setGuildId(guild.id).build());
    }

    private String server() {
        return "/api/v1/guilds/" + guild.id + "/server-configuration";
    }

    private Interaction configSet(String setting, String value) {
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", "set").put("type", 1).putArray("options").add(option("setting", setting)).add(option("value", value));
        Interaction interaction = simulator.interactions().command(guild.id, textChannel, guild.ownerId, "config", options);
        simulator.deliver(interaction);
        return interaction;
    }

    private Interaction command(String userId, String name, ObjectNode option) {
        ArrayNode options = DiscordJson.MAPPER.createArrayNode().add(option);
        Interaction interaction = simulator.interactions().command(guild.id, textChannel, userId, name, options);
        simulator.deliver(interaction);
        return interaction;
    }

    private static ObjectNode option(String name, String value) {
        return DiscordJson.MAPPER.createObjectNode().put("name", name).put("type", 3).put("value", value);
    }

    /** What the member sees: the edited original answer, or the last follow-up when the original was replaced. */
    private String anyReply(Interaction interaction) {
        List<String> ids = new java.util.ArrayList<>(interaction.followupMessageIds);
        String id = ids.isEmpty() ? interaction.originalMessageId : ids.get(ids.size() - 1);
        if (id == null) {
            return "";
        }
        return simulator.state().message(interaction.channelId, id)
                .map(m -> String.valueOf(m.body().getOrDefault("content", ""))).orElse("");
    }

    private static String english(String code, Map<String, Object> details) {
        return Wording.text(Wording.ENGLISH, code, details);
    }
}
