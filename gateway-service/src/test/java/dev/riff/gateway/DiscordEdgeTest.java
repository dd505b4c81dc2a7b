package dev.riff.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CommandCompleted;
import dev.riff.gateway.domain.Reply;
import dev.riff.gateway.service.Wording;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.VoiceConnectRequested;
import dev.riff.devkit.KafkaProbe;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import dev.riff.support.testing.HostileInput;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway through the eyes of Discord users: JDA connected to the simulator, the real
 * config-service, real Redis and Kafka. Playback nodes are played by the test: it reads the commands
 * they would receive and publishes the results they would send (their documented contract).
 */
@QuarkusTest
@QuarkusTestResource(value = DiscordEdgeResource.class, restrictToAnnotatedClass = true)
class DiscordEdgeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int EPHEMERAL = 1 << 6;

    /** An operator's credential, from the shared configuration, to change config-service's settings directly. */
    @ConfigProperty(name = "riff.auth.callers.operator.token")
    String serviceToken;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/interactions")
    URL interactionsEndpoint;

    private DiscordSimulator simulator;
    private DiscordState.Guild guild;
    private String textChannel;
    private String voiceChannel;
    private String listener;

    @BeforeEach
    void newGuild() {
        simulator = DiscordEdgeResource.simulator;
        await().atMost(Duration.ofSeconds(60)).until(() -> simulator.gateway().connectedShards().size() == 2);
        await().atMost(WAIT).until(() -> simulator.state().globalCommands().size() == dev.riff.gateway.domain.CommandCatalog.commands().size());
        guild = simulator.addGuild("Guild " + System.nanoTime(), "owner");
        textChannel = simulator.state().channelNamed(guild.id, "general").id();
        voiceChannel = simulator.state().channelNamed(guild.id, "Music").id();
        listener = simulator.addMember(guild.id, "listener", List.of()).id();
        simulator.moveToVoice(guild.id, listener, voiceChannel);
    }

    @Test
    void playIsDeferredPublishedKeyedByGuildAndEditedWithThePlaybackResult() {
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            Interaction play = command(listener, "play", "query", "https://93.184.215.14/song.mp3");
            await().atMost(WAIT).until(() -> play.callback != null);
            // The simulator, like Discord, refuses a callback after 3 seconds: a callback here was in time.
            assertEquals(5, play.callbackType(), "deferred");
            // How long it took is on the acknowledgement histogram the alerts read.
            await().atMost(WAIT).until(() -> dev.riff.support.testing.Management.management().get("/q/metrics").then().extract().asString()
                    .lines().anyMatch(line -> line.startsWith("riff_gateway_interaction_ack_seconds_count{how=\"deferred\"") && !line.endsWith(" 0.0")));

            KafkaProbe.Received received = commands.await(r -> play.id.equals(r.event().data().path("commandId").asText()), WAIT)
                    .orElseThrow(() -> new AssertionError("no command on playback.commands"));
            assertEquals(guild.id, received.key(), "keyed by guild: one ordered stream per guild");
            assertEquals(EventTypes.PLAYBACK_COMMAND.name(), received.event().type());
            assertEquals("play", received.event().data().path("command").asText());
            assertEquals(voiceChannel, received.event().data().path("voiceChannelId").asText());
            assertEquals("https://93.184.215.14/song.mp3", received.event().data().path("options").path("query").asText());
            assertEquals(100, received.event().data().path("limits").path("volumeLimit").asInt());

            commands.publish("playback.events", CloudEvent.create(EventTypes.COMMAND_COMPLETED, "/playback-service", guild.id, guild.id,
                    DiscordJson.MAPPER.valueToTree(new CommandCompleted(play.id, guild.id, true, "queued",
                            Map.of("title", "song.mp3", "durationMs", 180_000, "position", 2)))));
            // The one test of the English bundle's words; every other test compares with the bundle.
            await().atMost(WAIT).until(() -> originalContent(play).equals("Queued **song.mp3** (3:00) at position 2."));
        }
    }

    /**
     * Records the gateway cannot read, on each channel it consumes, are set aside on
     * gateway.dead-letter; the records behind them still become a reply and a voice join.
     */
    @Test
    void unreadableRecordsAreSetAsideAndTheNextOnesAreHandled() {
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands");
                var deadLetters = new dev.riff.support.testing.DeadLetterTopic("gateway.dead-letter")) {
            Interaction play = command(listener, "play", "query", "https://93.184.215.14/after-bad.mp3");
            commands.await(r -> play.id.equals(r.event().data().path("commandId").asText()), WAIT)
                    .orElseThrow(() -> new AssertionError("no command on playback.commands"));
            var wrongType = DiscordJson.MAPPER.createObjectNode();
            wrongType.putObject("commandId").put("not", "a string");
            var missingFields = DiscordJson.MAPPER.createObjectNode().put("unexpected", true);
            List<String> setAside = new java.util.ArrayList<>();
            for (var data : List.of(wrongType, missingFields)) {
                CloudEvent result = CloudEvent.create(EventTypes.COMMAND_COMPLETED, "/playback-service", guild.id, guild.id, data);
                CloudEvent request = CloudEvent.create(EventTypes.VOICE_CONNECT_REQUESTED, "/playback-service", guild.id, guild.id, data);
                commands.publish("playback.events", result);
                commands.publish("gateway.requests", request);
                setAside.add(result.id());
                setAside.add(request.id());
            }
            for (String topic : List.of("playback.events", "gateway.requests", "config.events")) {
                String notAnEvent = "not a CloudEvent on " + topic + " " + java.util.UUID.randomUUID();
                dev.riff.support.testing.DeadLetterTopic.send(topic, guild.id, notAnEvent);
                setAside.add(notAnEvent);
            }
            commands.publish("playback.events", CloudEvent.create(EventTypes.COMMAND_COMPLETED, "/playback-service", guild.id, guild.id,
                    DiscordJson.MAPPER.valueToTree(new CommandCompleted(play.id, guild.id, true, "cleared", Map.of()))));
            commands.publish("gateway.requests", CloudEvent.create(EventTypes.VOICE_CONNECT_REQUESTED, "/playback-service", guild.id, guild.id,
                    DiscordJson.MAPPER.valueToTree(new VoiceConnectRequested(guild.id, voiceChannel))));

            await().atMost(WAIT).until(() -> originalContent(play).equals(english("cleared", Map.of())));
            assertTrue(commands.await(r -> r.event().type().equals(EventTypes.VOICE_SERVER_UPDATED.name()) && guild.id.equals(r.key()), WAIT)
                    .isPresent(), "the voice request behind the bad ones was acted on");
            for (String marker : setAside) {
                assertTrue(deadLetters.await(marker, WAIT).isPresent(), marker + " set aside on gateway.dead-letter");
            }
        }
        // No channel stopped: a stopped channel turns liveness DOWN.
        dev.riff.support.testing.Management.management().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void repliesEchoingMentionsPingNobody() {
        Map<String, Object> details = Map.of("title", "@everyone @here <@&" + guild.id + "> <@" + listener + ">", "durationMs", 1000, "position", 1);
        String hostile = english("playing", details);
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            Interaction play = command(listener, "play", "query", "https://93.184.215.14/everyone.mp3");
            commands.await(r -> play.id.equals(r.event().data().path("commandId").asText()), WAIT)
                    .orElseThrow(() -> new AssertionError("no command on playback.commands"));
            commands.publish("playback.events", CloudEvent.create(EventTypes.COMMAND_COMPLETED, "/playback-service", guild.id, guild.id,
                    DiscordJson.MAPPER.valueToTree(new CommandCompleted(play.id, guild.id, true, "playing", details))));
            await().atMost(WAIT).until(() -> originalContent(play).equals(hostile));
        }
        var edits = simulator.rest().requests().stream()
                .filter(r -> r.method().equals("PATCH") && r.path().endsWith("/messages/@original")
                        && r.body().path("content").asText().equals(hostile))
                .toList();
        assertEquals(1, edits.size(), "the edit was recorded");
        var allowed = edits.get(0).body().path("allowed_mentions");
        assertTrue(allowed.path("parse").isArray() && allowed.path("parse").isEmpty(), "no mention type is parsed: " + allowed);
        assertTrue(allowed.path("users").isEmpty() && allowed.path("roles").isEmpty(), "and nobody is pinged by name: " + allowed);

        // A refusal is a reply JDA creates: its default pings nobody either.
        Interaction refused = command(listener, "volume", "percent", "500");
        await().atMost(WAIT).until(() -> refused.callback != null);
        var refusal = refused.callback.path("data").path("allowed_mentions");
        assertTrue(refusal.path("parse").isArray() && refusal.path("parse").isEmpty(), "the refusal parses no mention: " + refusal);
    }

    /** Signed by Discord's key and still hostile: each gets a 4xx problem naming the field, and nothing reaches Kafka. */
    @Test
    void signedHostileInteractionsGetA4xxAndChangeNothing() throws Exception {
        URI endpoint = interactionsEndpoint.toURI();
        var sender = simulator.httpInteractions();
        String now = Long.toString(java.time.Instant.now().getEpochSecond());
        assertEquals(401, sender.post(endpoint, "{}", "9223372036854775807", true).status(), "a timestamp beyond any date is not recent");
        assertEquals(401, sender.post(endpoint, "{}", "-9223372036854775808", true).status());
        Interaction play = simulator.interactions().command(guild.id, textChannel, listener, "play",
                (ArrayNode) DiscordJson.MAPPER.createArrayNode().add(option("query", "https://93.184.215.14/hostile.mp3")));
        Map<String, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>> hostile = Map.of(
                "member.permissions", i -> ((com.fasterxml.jackson.databind.node.ObjectNode) i.path("member")).put("permissions", "abc"),
                "member", i -> i.put("member", "not an object"),
                "guild_id", i -> i.put("guild_id", "../../etc"),
                "member.roles", i -> ((com.fasterxml.jackson.databind.node.ObjectNode) i.path("member")).put("roles", "admin"),
                "id", i -> i.put("id", "1 or 1=1"),
                "data", i -> i.put("data", 42));
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            for (var attack : hostile.entrySet()) {
                var payload = play.payload.deepCopy();
                attack.getValue().accept(payload);
                var answer = sender.post(endpoint, payload.toString(), now, true);
                assertEquals(400, answer.status(), attack.getKey() + ": " + answer.body());
                assertEquals(attack.getKey(), answer.body().path("errors").path(0).path("field").asText());
            }
            assertEquals(400, sender.post(endpoint, "[1, 2]", now, true).status(), "not an object");
            assertEquals(400, sender.post(endpoint, "{\"type\": 2,", now, true).status(), "not JSON");
            assertTrue(commands.collect(r -> guild.id.equals(r.key()), Duration.ofSeconds(2)).isEmpty(), "nothing reached Kafka");
        }
    }

    /**
     * Generated hostile interactions, each signed by Discord's key: every field of a /play interaction
     * in turn takes each of {@link HostileInput}'s JSON values (fixed and random). None gets a 5xx;
     * every refusal is a problem naming no Java class, and no refused interaction reaches Kafka.
     */
    @Test
    void generatedSignedHostileInteractionsNeverFailAndRefusalsReachNothing() throws Exception {
        URI endpoint = interactionsEndpoint.toURI();
        var sender = simulator.httpInteractions();
        // The offline demo library: what gets through plays from a local source, and later modules' tests do not wait on the network.
        Interaction play = simulator.interactions().command(guild.id, textChannel, listener, "play",
                (ArrayNode) DiscordJson.MAPPER.createArrayNode().add(option("query", "demo")));
        List<String> fields = new java.util.ArrayList<>();
        leafFields(play.payload, "", fields);
        List<String> values = HostileInput.jsonValues(6);
        java.util.Set<String> refusedIds = new java.util.HashSet<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        List<String> failures = new java.util.ArrayList<>();
        long nextId = 900_000_000_000_000_000L;
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            for (String field : fields) {
                for (String value : values) {
                    var payload = play.payload.deepCopy();
                    String id = Long.toString(nextId++);
                    payload.put("id", id);
                    com.fasterxml.jackson.databind.JsonNode parent = payload.at(field.substring(0, field.lastIndexOf('/')));
                    String name = field.substring(field.lastIndexOf('/') + 1);
                    if (parent.isArray()) {
                        ((ArrayNode) parent).set(Integer.parseInt(name), "riff-fuzz-placeholder");
                    } else {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) parent).put(name, "riff-fuzz-placeholder");
                    }
                    String body = payload.toString().replace("\"riff-fuzz-placeholder\"", value);
                    var answer = sender.post(endpoint, body, Long.toString(java.time.Instant.now().getEpochSecond()), true);
                    statuses.merge(answer.status(), 1, Integer::sum);
                    String shown = field + " = " + (value.length() > 80 ? value.substring(0, 80) + "…" : value);
                    if (answer.status() >= 500) {
                        failures.add(answer.status() + " for " + shown + ": " + answer.body());
                    } else if (answer.status() >= 400) {
                        refusedIds.add(id);
                        if (!answer.contentType().startsWith("application/problem+json")
                                || String.valueOf(answer.body()).matches("(?s).*\\b(java|jakarta|dev\\.riff|com\\.fasterxml)\\.[a-z].*")) {
                            failures.add(answer.status() + " " + answer.contentType() + " for " + shown + ": " + answer.body());
                        }
                    }
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " failures, answers " + statuses + ":\n" + String.join("\n", failures));
            assertTrue(statuses.getOrDefault(400, 0) > 0, "the suite reached the shape checks: " + statuses);
            var leaked = commands.collect(r -> refusedIds.contains(r.event().data().path("commandId").asText()), Duration.ofSeconds(3));
            assertTrue(leaked.isEmpty(), "refused interactions reached Kafka: " + leaked);
        }
        System.out.println("Interactions fuzz: answers by status " + statuses);
    }

    /** JSON pointers to every scalar in the interaction, and to every object and list as a whole. */
    private static void leafFields(com.fasterxml.jackson.databind.JsonNode node, String pointer, List<String> into) {
        if (!pointer.isEmpty() && !pointer.equals("/id")) {
            into.add(pointer);
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> leafFields(node.path(name), pointer + "/" + name, into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leafFields(node.path(i), pointer + "/" + i, into);
            }
        }
    }

    @Test
    void configSetWithoutManageServerIsRefusedAndNothingChanges() {
        try (KafkaProbe config = new KafkaProbe(bootstrapServers, "config.events")) {
            ArrayNode options = DiscordJson.MAPPER.createArrayNode();
            var set = options.addObject().put("name", "set").put("type", 1);
            set.putArray("options").add(option("setting", "volumeLimit")).add(option("value", "50"));
            Interaction interaction = simulator.interactions().command(guild.id, textChannel, listener, "config", options);
            simulator.deliver(interaction);

            await().atMost(WAIT).until(() -> interaction.callback != null);
            assertEquals(4, interaction.callbackType());
            assertEquals(EPHEMERAL, interaction.callback.path("data").path("flags").asInt() & EPHEMERAL);
            assertTrue(interaction.callback.path("data").path("content").asText().contains("Manage Server"));
            assertTrue(config.collect(r -> guild.id.equals(r.key()), Duration.ofSeconds(2)).isEmpty());
        }
    }

    @Test
    void ownerChangesASettingWithConfigSet() {
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        var set = options.addObject().put("name", "set").put("type", 1);
        set.putArray("options").add(option("setting", "volumeLimit")).add(option("value", "50"));
        Interaction interaction = simulator.interactions().command(guild.id, textChannel, guild.ownerId, "config", options);
        simulator.deliver(interaction);
        await().atMost(WAIT).until(() -> originalContent(interaction).equals(english("config-set", Map.of("setting", "volumeLimit", "value", "50"))));
    }

    @Test
    void badInputGetsAClearPrivateErrorAndNothingReachesKafka() {
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            String privateNetwork = english("url-private", Map.of());
            Map<String, String> refused = Map.of(
                    "file:///etc/passwd", english("url-scheme", Map.of()),
                    "http://10.0.0.7/internal.mp3", privateNetwork,
                    "http://[::1]:8080/a.mp3", privateNetwork,
                    "http://169.254.169.254/latest/meta-data", privateNetwork,
                    "http://localhost/a.mp3", privateNetwork,
                    "http://[::127.0.0.1]/a.mp3", privateNetwork,
                    "http://[64:ff9b::7f00:1]/a.mp3", privateNetwork,
                    "http://[2002:7f00:1::1]/a.mp3", privateNetwork,
                    "x".repeat(501), english("query-too-long", Map.of("max", 500)));
            for (var entry : refused.entrySet()) {
                Interaction play = command(listener, "play", "query", entry.getKey());
                await().atMost(WAIT).until(() -> play.callback != null);
                assertEquals(4, play.callbackType(), entry.getKey());
                assertEquals(EPHEMERAL, play.callback.path("data").path("flags").asInt() & EPHEMERAL);
                assertEquals(entry.getValue(), play.callback.path("data").path("content").asText());
            }
            Interaction volume = command(listener, "volume", "percent", "500");
            await().atMost(WAIT).until(() -> volume.callback != null);
            assertEquals(english("whole-number", Map.of("option", "percent", "min", 0, "max", 200)), volume.callback.path("data").path("content").asText());
            Interaction unknownOption = command(listener, "skip", "force", "true");
            await().atMost(WAIT).until(() -> unknownOption.callback != null);
            assertEquals(english("unknown-option", Map.of("option", "force", "command", "skip")), unknownOption.callback.path("data").path("content").asText());

            assertTrue(commands.collect(r -> guild.id.equals(r.key()), Duration.ofSeconds(2)).isEmpty(), "nothing reached Kafka");
        }
    }

    @Test
    void memberOutsideVoiceIsAskedToJoinFirst() {
        String outsider = simulator.addMember(guild.id, "outsider", List.of()).id();
        await().atMost(WAIT).until(() -> simulator.state().guild(guild.id).members.containsKey(outsider));
        Interaction pause = command(outsider, "pause", null, null);
        await().atMost(WAIT).until(() -> pause.callback != null);
        assertEquals(english("join-voice", Map.of()), pause.callback.path("data").path("content").asText());
    }

    @Test
    void httpInteractionsAreVerifiedAndRoutedLikeGatewayOnes() throws Exception {
        URI endpoint = interactionsEndpoint.toURI();
        var sender = simulator.httpInteractions();
        assertEquals(1, sender.ping(endpoint).body().path("type").asInt(), "PING is answered with PONG");

        Interaction play = simulator.interactions().command(guild.id, textChannel, listener, "play",
                (ArrayNode) DiscordJson.MAPPER.createArrayNode().add(option("query", "https://93.184.215.14/http.mp3")));
        var forged = sender.post(endpoint, play.payload.toString(), Long.toString(java.time.Instant.now().getEpochSecond()), false);
        assertEquals(401, forged.status(), "a bad signature is rejected");
        var stale = sender.post(endpoint, play.payload.toString(), Long.toString(java.time.Instant.now().minusSeconds(3600).getEpochSecond()), true);
        assertEquals(401, stale.status(), "a stale timestamp is rejected");

        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            var answer = sender.send(endpoint, play);
            assertEquals(200, answer.status());
            assertEquals(5, answer.body().path("type").asInt(), "deferred");
            commands.await(r -> play.id.equals(r.event().data().path("commandId").asText()), WAIT)
                    .orElseThrow(() -> new AssertionError("the HTTP interaction's command reached Kafka"));
            commands.publish("playback.events", CloudEvent.create(EventTypes.COMMAND_COMPLETED, "/playback-service", guild.id, guild.id,
                    DiscordJson.MAPPER.valueToTree(new CommandCompleted(play.id, guild.id, true, "shuffled", Map.of("length", 3)))));
            await().atMost(WAIT).until(() -> originalContent(play).equals(english("shuffled", Map.of("length", 3))));
        }
    }

    @Test
    void gatewayDropMidSessionIsResumedAndNoInteractionIsLostOrHandledTwice() {
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            simulator.gateway().dropConnections();
            Interaction duringDrop = command(listener, "skip", null, null);
            await().atMost(Duration.ofSeconds(40)).until(() -> duringDrop.callback != null);
            assertEquals(5, duringDrop.callbackType());
            // Delivered again (as a replay after RESUME could): still one command.
            simulator.deliver(duringDrop);
            List<KafkaProbe.Received> published = commands.collect(r -> duringDrop.id.equals(r.event().data().path("commandId").asText()),
                    Duration.ofSeconds(4));
            assertEquals(1, published.size(), "handled exactly once");
            assertTrue(simulator.gateway().events().stream().anyMatch(e -> e.kind().equals("resume")));
        }
    }

    /**
     * The gateway identifies with GUILDS and GUILD_VOICE_STATES only (Discord's bits 0 and 7): no
     * privileged intent, and none of the message, reaction or typing streams a slash-command bot ignores.
     */
    @Test
    void theGatewayAsksDiscordForGuildsAndVoiceStatesOnly() {
        List<Long> intents = simulator.gateway().events().stream().filter(e -> e.kind().equals("identify"))
                .map(e -> e.payload().path("intents").asLong()).distinct().toList();
        assertEquals(List.of((1L << 0) | (1L << 7)), intents);
    }

    @Test
    void voiceRequestsBecomeOp4AndVoiceUpdatesGoToThePlaybackStream() {
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            commands.publish("gateway.requests", CloudEvent.create(EventTypes.VOICE_CONNECT_REQUESTED, "/playback-service", guild.id, guild.id,
                    DiscordJson.MAPPER.valueToTree(new VoiceConnectRequested(guild.id, voiceChannel))));
            KafkaProbe.Received server = commands.await(r -> r.event().type().equals(EventTypes.VOICE_SERVER_UPDATED.name())
                    && guild.id.equals(r.key()), WAIT).orElseThrow(() -> new AssertionError("no voice server update forwarded"));
            assertEquals(voiceChannel, server.event().data().path("channelId").asText(), "with the channel id, as DAVE needs");
            assertFalse(server.event().data().path("token").asText().isEmpty());
            assertFalse(server.event().data().path("sessionId").asText().isEmpty());
            assertTrue(commands.await(r -> r.event().type().equals(EventTypes.VOICE_STATE_UPDATED.name()) && guild.id.equals(r.key()), WAIT)
                    .isPresent());
            assertEquals(voiceChannel, simulator.state().guild(guild.id).voiceStates.get(simulator.state().botUser().id()).channelId());
        }
    }

    @Test
    void musicCanBeTurnedOffInOneChannel() {
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        var set = options.addObject().put("name", "set").put("type", 1);
        set.putArray("options").add(option("setting", "musicEnabled")).add(option("value", "false"))
                .add(DiscordJson.MAPPER.createObjectNode().put("name", "channel").put("type", 7).put("value", textChannel));
        Interaction interaction = simulator.interactions().command(guild.id, textChannel, guild.ownerId, "config", options);
        simulator.deliver(interaction);
        await().atMost(WAIT).until(() -> originalContent(interaction).equals(
                english("config-set-channel", Map.of("setting", "musicEnabled", "value", "false", "channel", textChannel))));

        await().atMost(WAIT).until(() -> {
            Interaction pause = command(listener, "pause", null, null);
            await().atMost(WAIT).until(() -> pause.callback != null);
            return english("music-off", Map.of()).equals(pause.callback.path("data").path("content").asText());
        });
    }

    @Test
    void djOnlyModeRestrictsPlaybackControlsToTheDjRole() {
        var dj = simulator.addRole(guild.id, "DJ", 0);
        String djMember = simulator.addMember(guild.id, "dj", List.of(dj.id())).id();
        simulator.moveToVoice(guild.id, djMember, voiceChannel);
        changeConfiguration("{\"djOnlyMode\": true, \"djRoleId\": \"" + dj.id() + "\"}");

        await().atMost(WAIT).until(() -> {
            Interaction skip = command(listener, "skip", null, null);
            await().atMost(WAIT).until(() -> skip.callback != null);
            return english("dj-only", Map.of("command", "skip")).equals(skip.callback.path("data").path("content").asText());
        });
        Interaction byDj = command(djMember, "skip", null, null);
        await().atMost(WAIT).until(() -> byDj.callback != null);
        assertEquals(5, byDj.callbackType(), "the DJ's command is taken on");
        Interaction vote = command(listener, "voteskip", null, null);
        await().atMost(WAIT).until(() -> vote.callback != null);
        assertEquals(5, vote.callbackType(), "anyone may vote to skip");
    }

    @Test
    void serverWithEphemeralMessagesGetsPrivateReplies() {
        changeConfiguration("{\"ephemeralMessages\": true}");
        await().atMost(WAIT).until(() -> {
            Interaction pause = command(listener, "pause", null, null);
            await().atMost(WAIT).until(() -> pause.callback != null);
            return pause.callbackType() == 5 && (pause.callback.path("data").path("flags").asInt() & EPHEMERAL) != 0;
        });
    }

    @Test
    void aMemberSendingTooManyCommandsIsSlowedDown() {
        List<Interaction> burst = new java.util.ArrayList<>();
        // 11 within one 10 s window or two adjacent ones: at least one window sees more than 5.
        for (int i = 0; i < 11; i++) {
            burst.add(command(listener, "resume", null, null));
        }
        await().atMost(WAIT).until(() -> burst.stream().allMatch(i -> i.callback != null));
        long slowed = burst.stream().filter(i -> i.callback.path("data").path("content").asText()
                .equals(english("rate-limited", Map.of()))).count();
        assertTrue(slowed >= 1, "rate limit applied: " + slowed);
        assertTrue(burst.stream().filter(i -> i.callbackType() == 5).count() <= 10);
    }

    @Test
    void commandsAreRegisteredOnStart() {
        var names = simulator.state().globalCommands().stream().map(c -> c.get("name")).toList();
        assertTrue(names.containsAll(List.of("play", "pause", "resume", "skip", "voteskip", "stop", "seek", "volume", "queue",
                "nowplaying", "remove", "move", "clear", "shuffle", "loop", "filter", "disconnect", "lyrics", "history", "config", "premium", "webhooks")));
    }

    /** webhook-service disabled an endpoint: the guild's admins read it in the server, with no one pinged. */
    @Test
    void aDisabledWebhookEndpointIsToldInTheServer() {
        try (KafkaProbe kafka = new KafkaProbe(bootstrapServers, "webhook.events")) {
            kafka.publish("webhook.events", CloudEvent.create(EventTypes.WEBHOOK_ENDPOINT_DISABLED, "/webhook-service", "e1", guild.id,
                    DiscordJson.MAPPER.valueToTree(new dev.riff.contracts.WebhookEndpointDisabled(guild.id, "e1",
                            "https://hooks.example.org/@everyone", "the endpoint answered 410 Gone", java.time.Instant.now()))));
            await().atMost(WAIT).until(() -> simulator.state().messages(textChannel).stream()
                    .anyMatch(m -> String.valueOf(m.body().get("content")).contains("https://hooks.example.org/@everyone")));
            var message = simulator.state().messages(textChannel).stream()
                    .filter(m -> String.valueOf(m.body().get("content")).contains("hooks.example.org")).findFirst().orElseThrow();
            assertEquals(Wording.text(Wording.ENGLISH, Reply.of("webhooks-endpoint-disabled", "url", "https://hooks.example.org/@everyone",
                    "reason", "the endpoint answered 410 Gone")), message.body().get("content"));
        }
    }

    @Test
    void readinessIncludesTheDiscordConnection() {
        dev.riff.support.testing.Management.management().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Discord gateway' }.status", org.hamcrest.Matchers.equalTo("UP"));
    }

    /**
     * The one test of the German bundle's words: a guild whose Discord community language is German
     * is answered in German, and a server's own language setting wins over Discord's.
     */
    @Test
    void repliesUseTheGuildsLanguage() {
        simulator.setPreferredLocale(guild.id, "de");
        String outsider = simulator.addMember(guild.id, "aussen", List.of()).id();
        await().atMost(WAIT).until(() -> {
            Interaction pause = command(outsider, "pause", null, null);
            await().atMost(WAIT).until(() -> pause.callback != null);
            return pause.callback.path("data").path("content").asText().equals("Tritt zuerst einem Sprachkanal bei.");
        });

        simulator.setPreferredLocale(guild.id, "en-US");
        changeConfiguration("{\"language\": \"de\"}");
        try (KafkaProbe commands = new KafkaProbe(bootstrapServers, "playback.commands")) {
            await().atMost(WAIT).until(() -> {
                Interaction play = command(listener, "play", "query", "https://93.184.215.14/lied.mp3");
                commands.await(r -> play.id.equals(r.event().data().path("commandId").asText()), WAIT)
                        .orElseThrow(() -> new AssertionError("no command on playback.commands"));
                commands.publish("playback.events", CloudEvent.create(EventTypes.COMMAND_COMPLETED, "/playback-service", guild.id, guild.id,
                        DiscordJson.MAPPER.valueToTree(new CommandCompleted(play.id, guild.id, true, "queued",
                                Map.of("title", "lied.mp3", "durationMs", 61_000, "position", 3)))));
                await().atMost(WAIT).until(() -> !originalContent(play).isEmpty());
                return originalContent(play).equals("**lied.mp3** (1:01) ist auf Platz 3 der Warteschlange.");
            });
        }
    }

    private static String english(String code, Map<String, Object> details) {
        return Wording.text(Wording.ENGLISH, code, details);
    }

    private void changeConfiguration(String patch) {
        given().baseUri(DiscordEdgeResource.configService.url()).auth().oauth2(serviceToken).contentType("application/json").body(patch)
                .patch("/api/v1/guilds/" + guild.id + "/server-configuration").then().statusCode(200);
    }

    private Interaction command(String userId, String name, String optionName, String value) {
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        if (optionName != null) {
            options.add(option(optionName, value));
        }
        Interaction interaction = simulator.interactions().command(guild.id, textChannel, userId, name, options);
        simulator.deliver(interaction);
        return interaction;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode option(String name, String value) {
        return DiscordJson.MAPPER.createObjectNode().put("name", name).put("type", 3).put("value", value);
    }

    private String originalContent(Interaction interaction) {
        if (interaction.originalMessageId == null) {
            return "";
        }
        return simulator.state().message(interaction.channelId, interaction.originalMessageId)
                .map(m -> String.valueOf(m.body().getOrDefault("content", ""))).orElse("");
    }
}
