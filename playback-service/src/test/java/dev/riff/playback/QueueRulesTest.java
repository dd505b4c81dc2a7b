package dev.riff.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.contracts.PlaybackLimits;
import dev.riff.devkit.KafkaProbe;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.playback.command.AlwaysFailingHandler;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue rules of a playback node, through its contract: commands on playback.commands (as the
 * gateway sends them), results on playback.events, state in its database. No voice is needed to
 * queue: the node asks the gateway to join and keeps the queue.
 */
@QuarkusTest
@QuarkusTestResource(TrustedMediaServer.class)
class QueueRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    private MediaServer media;
    private KafkaProbe results;
    private String guild;

    @BeforeEach
    void setUp() {
        media = TrustedMediaServer.media;
        results = new KafkaProbe(bootstrapServers, "playback.events");
        guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }

    @AfterEach
    void tearDown() {
        results.close();
    }

    @Test
    void playQueuesInOrderAndAsksTheGatewayToJoin() {
        try (KafkaProbe gatewayRequests = new KafkaProbe(bootstrapServers, "gateway.requests")) {
            JsonNode first = send("play", Map.of("query", track("one", 30)), Map.of());
            assertTrue(first.path("ok").asBoolean(), first.toString());
            assertEquals("playing", first.path("code").asText());
            assertEquals("one.wav", first.path("details").path("title").asText());
            assertEquals(30_000, first.path("details").path("durationMs").asLong());
            JsonNode second = send("play", Map.of("query", track("two", 30)), Map.of());
            assertEquals("queued", second.path("code").asText());
            assertEquals(2, second.path("details").path("position").asInt());
            var join = gatewayRequests.await(r -> guild.equals(r.key()), WAIT).orElseThrow(() -> new AssertionError("no join request"));
            assertEquals(EventTypes.VOICE_CONNECT_REQUESTED.name(), join.event().type());
            assertEquals("555555555555555555", join.event().data().path("channelId").asText());
        }
        assertEquals(List.of("one.wav", "two.wav"), queueTitles());
        send("play", Map.of("query", track("next", 30), "next", true), Map.of());
        assertEquals(List.of("next.wav", "one.wav", "two.wav"), queueTitles());
    }

    @Test
    void maxQueueSizeAndMaxSongDurationAreEnforced() {
        Map<String, Object> limits = Map.of("maxQueueSize", 2, "maxSongDuration", 60);
        send("play", Map.of("query", track("a", 30)), limits);
        send("play", Map.of("query", track("b", 30)), limits);
        JsonNode full = send("play", Map.of("query", track("c", 30)), limits);
        assertFalse(full.path("ok").asBoolean());
        assertEquals("queue-full", full.path("code").asText());
        assertEquals(2, full.path("details").path("maxQueueSize").asInt());

        JsonNode tooLong = send("play", Map.of("query", track("long", 90)), Map.of("maxSongDuration", 60));
        assertEquals("too-long", tooLong.path("code").asText());
        assertEquals(60_000, tooLong.path("details").path("maxDurationMs").asLong());
        assertEquals(List.of("a.wav", "b.wav"), queueTitles());
    }

    @Test
    void queueCanBeShownMovedRemovedShuffledAndCleared() {
        for (String name : List.of("a", "b", "c", "d")) {
            send("play", Map.of("query", track(name, 10)), Map.of());
        }
        JsonNode page = send("queue", Map.of(), Map.of());
        assertEquals("queue", page.path("code").asText());
        assertEquals(4, page.path("details").path("items").size());
        assertEquals("a.wav", page.path("details").path("items").path(0).path("title").asText());

        JsonNode moved = send("move", Map.of("from", 4, "to", 1), Map.of());
        assertEquals("moved", moved.path("code").asText());
        assertEquals("d.wav", moved.path("details").path("title").asText());
        assertEquals(List.of("d.wav", "a.wav", "b.wav", "c.wav"), queueTitles());
        assertEquals("a.wav", send("remove", Map.of("position", 2), Map.of()).path("details").path("title").asText());
        assertEquals(List.of("d.wav", "b.wav", "c.wav"), queueTitles());
        JsonNode outOfRange = send("remove", Map.of("position", 9), Map.of());
        assertEquals("no-such-position", outOfRange.path("code").asText());

        send("shuffle", Map.of(), Map.of());
        List<String> shuffled = queueTitles();
        assertEquals(3, shuffled.size());
        assertTrue(shuffled.containsAll(List.of("d.wav", "b.wav", "c.wav")));

        assertEquals("cleared", send("clear", Map.of(), Map.of()).path("code").asText());
        assertEquals(List.of(), queueTitles());
    }

    @Test
    void aRedeliveredCommandIsAppliedOnce() {
        String id = UUID.randomUUID().toString();
        CloudEvent command = command(id, "play", Map.of("query", track("once", 10)), Map.of());
        results.publish("playback.commands", command);
        results.publish("playback.commands", command);
        List<KafkaProbe.Received> replies = results.collect(r -> id.equals(r.event().data().path("commandId").asText()), Duration.ofSeconds(6));
        assertEquals(1, replies.size(), "one result");
        assertEquals(List.of("once.wav"), queueTitles());
    }

    @Test
    void aTrackThatCannotBeLoadedGetsAClearResultAndNothingIsQueued() {
        String url = media.add("exists.wav", MediaServer.wavTone(440, 1)).replace("exists", "missing");
        JsonNode missing = send("play", Map.of("query", url), Map.of());
        assertFalse(missing.path("ok").asBoolean());
        assertEquals("no-matches", missing.path("code").asText());
        assertEquals(url, missing.path("details").path("query").asText());
        JsonNode notAudio = send("play", Map.of("query", media.add("notes.wav", "just text, not audio".getBytes())), Map.of());
        assertFalse(notAudio.path("ok").asBoolean(), notAudio.toString());
        JsonNode nothing = send("pause", Map.of(), Map.of());
        assertEquals("not-playing", nothing.path("code").asText());
        assertEquals(List.of(), queueTitles());
    }

    @Test
    void premiumSourcesAreGatedByTheServersSettings() {
        JsonNode free = send("play", Map.of("query", "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC"), Map.of("spotifyEnabled", false));
        assertEquals("premium-required", free.path("code").asText());
        assertEquals("Spotify", free.path("details").path("source").asText());
        JsonNode premium = send("play", Map.of("query", "https://music.apple.com/us/album/x/1440857781?i=1440857786"), Map.of("appleMusicEnabled", true));
        assertEquals("source-not-configured", premium.path("code").asText(), "turned on, but this node has no Apple Music developer token");
        assertEquals("Apple Music", premium.path("details").path("source").asText());
        assertEquals(List.of(), queueTitles());
    }

    @Test
    void loopModeIsKeptAndAnnounced() {
        assertEquals("loop", send("loop", Map.of("mode", "queue"), Map.of()).path("code").asText());
        assertEquals("queue", single("select loop_mode from guild_player where guild_id = ?"));
        var state = results.await(r -> EventTypes.PLAYER_STATE_CHANGED.name().equals(r.event().type()) && guild.equals(r.key()), WAIT)
                .orElseThrow(() -> new AssertionError("no player state event"));
        assertEquals("queue", state.event().data().path("loopMode").asText());
    }

    /** A command that fails every try is set aside, and its member is still answered instead of left waiting. */
    @Test
    void aCommandThatKeepsFailingIsSetAsideAndItsMemberToldSo() {
        try (KafkaProbe deadLetters = new KafkaProbe(bootstrapServers, "playback.dead-letter")) {
            String id = UUID.randomUUID().toString();
            results.publish("playback.commands", command(id, AlwaysFailingHandler.NAME, Map.of(), Map.of()));
            JsonNode answer = results.await(r -> EventTypes.COMMAND_COMPLETED.name().equals(r.event().type())
                            && id.equals(r.event().data().path("commandId").asText()), Duration.ofSeconds(60))
                    .orElseThrow(() -> new AssertionError("the member was never answered")).event().data();
            assertFalse(answer.path("ok").asBoolean());
            assertEquals("internal-error", answer.path("code").asText());
            deadLetters.await(r -> r.event().data().path("commandId").asText().equals(id), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("the command was not set aside"));
            JsonNode next = send("queue", Map.of(), Map.of());
            assertTrue(next.path("ok").asBoolean(), "the guild's next command is applied: " + next);
        }
    }

    @Test
    void aFilterIsKeptWithThePlayerAndAnnounced() {
        JsonNode nightcore = send("filter", Map.of("preset", "nightcore"), Map.of());
        assertEquals("filter", nightcore.path("code").asText(), nightcore.toString());
        assertEquals("nightcore", single("select filter from guild_player where guild_id = ?"));
        var state = results.await(r -> EventTypes.PLAYER_STATE_CHANGED.name().equals(r.event().type()) && guild.equals(r.key())
                        && r.event().data().path("filter").asText().equals("nightcore"), WAIT)
                .orElseThrow(() -> new AssertionError("no player state event with the filter"));
        assertEquals("off", state.event().data().path("loopMode").asText());

        JsonNode unknown = send("filter", Map.of("preset", "chipmunk"), Map.of());
        assertEquals("invalid-options", unknown.path("code").asText());
        assertEquals("nightcore", single("select filter from guild_player where guild_id = ?"), "a refused preset changes nothing");
        assertEquals("filter-off", send("filter", Map.of("preset", "off"), Map.of()).path("code").asText());
        assertEquals("off", single("select filter from guild_player where guild_id = ?"));
    }

    @Test
    void optionsThatDoNotFitTheCommandAndUnknownCommandsAreRefusedWithAReason() {
        JsonNode badMode = send("loop", Map.of("mode", "forever"), Map.of());
        assertEquals("invalid-options", badMode.path("code").asText());
        assertTrue(badMode.path("details").path("reason").asText().contains("mode"), badMode.toString());
        assertEquals("invalid-options", send("seek", Map.of("position", "soon"), Map.of()).path("code").asText());
        assertEquals("unknown-command", send("dance", Map.of(), Map.of()).path("code").asText());
        assertEquals("off", single("select coalesce(max(loop_mode), 'off') from guild_player where guild_id = ?"));
    }

    private String track(String name, int seconds) {
        return media.add(name + ".wav", MediaServer.wavTone(440, seconds));
    }

    /** Sends a command as the gateway would and returns the node's result (CommandCompleted). */
    @Test
    void aCommandThatCannotBeReadIsSetAsideAndTheGuildsNextCommandIsApplied() {
        try (KafkaProbe deadLetters = new KafkaProbe(bootstrapServers, "playback.dead-letter")) {
            CloudEvent unreadable = CloudEvent.create(EventTypes.PLAYBACK_COMMAND, "/gateway-service", guild, guild,
                    CloudEventCodec.mapper().createObjectNode().putObject("commandId").put("not", "a string"));
            results.publish("playback.commands", unreadable);
            JsonNode next = send("queue", Map.of(), Map.of());
            assertTrue(next.path("ok").asBoolean(), "the command behind it was applied: " + next);
            deadLetters.await(r -> unreadable.id().equals(r.event().id()), WAIT)
                    .orElseThrow(() -> new AssertionError("the unreadable command was not set aside on playback.dead-letter"));
        }
    }

    private JsonNode send(String name, Map<String, Object> options, Map<String, Object> limits) {
        String id = UUID.randomUUID().toString();
        results.publish("playback.commands", command(id, name, options, limits));
        return results.await(r -> EventTypes.COMMAND_COMPLETED.name().equals(r.event().type())
                        && id.equals(r.event().data().path("commandId").asText()), WAIT)
                .orElseThrow(() -> new AssertionError("no result for /" + name)).event().data();
    }

    private CloudEvent command(String id, String name, Map<String, Object> options, Map<String, Object> limits) {
        Map<String, Object> allLimits = new HashMap<>(Map.of("volumeLimit", 100, "maxQueueSize", 100, "maxSongDuration", 3600));
        allLimits.putAll(limits);
        PlaybackCommand command = new PlaybackCommand(id, guild, "444444444444444444", "333333333333333333", "555555555555555555",
                name, options, 1, CloudEventCodec.mapper().convertValue(allLimits, PlaybackLimits.class), Instant.now());
        return CloudEvent.create(EventTypes.PLAYBACK_COMMAND, "/gateway-service", guild, guild, CloudEventCodec.mapper().valueToTree(command));
    }

    private List<String> queueTitles() {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "select i.title from queue_item i join queue q on q.id = i.queue_id where q.guild_id = ? order by i.position")) {
            query.setString(1, guild);
            List<String> titles = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    titles.add(rows.getString(1));
                }
            }
            return titles;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String single(String sql) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, guild);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
