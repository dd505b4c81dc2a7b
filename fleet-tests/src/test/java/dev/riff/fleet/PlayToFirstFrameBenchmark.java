package dev.riff.fleet;

import static org.awaitility.Awaitility.await;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import dev.riff.contracts.EventTypes;
import dev.riff.devkit.KafkaProbe;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.fleet.bench.BareLavaplayer;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import dev.riff.devkit.discord.dave.DaveListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a member feels (a harness, not a test: tagged "benchmark", excluded from the build): from a
 * /play interaction delivered to the gateway to the first audio frame a listener in the voice
 * channel hears, through the whole fleet (gateway, Kafka, playback node, voice, DAVE). "Cold" is a
 * guild the bot is not in voice in yet (the node asks the gateway to join, then connects); "warm" is
 * a second /play in the same guild once the first track has ended. In the same run, the floor: a
 * bare lavaplayer load of the same file plus its first frame.
 * Run with {@code ./mvnw -B verify -pl fleet-tests -Dit.test=none -Dtest=PlayToFirstFrameBenchmark -Driff.excluded.groups=none -Dgroups=benchmark}.
 */
@Tag("benchmark")
class PlayToFirstFrameBenchmark {

    private static final int PLAYS = Integer.getInteger("riff.bench.plays", 30);

    @Test
    void playToFirstFrameThroughTheFleetBesideBareLavaplayer() throws Exception {
        try (MusicFleet fleet = new MusicFleet(1);
                KafkaProbe commands = new KafkaProbe(fleet.kafka.bootstrapServers(), "playback.commands");
                KafkaProbe events = new KafkaProbe(fleet.kafka.bootstrapServers(), "playback.events");
                KafkaProbe requests = new KafkaProbe(fleet.kafka.bootstrapServers(), "gateway.requests")) {
            String url = fleet.media.add("first-frame.wav", MediaServer.wavTone(440, 2));
            List<Double> cold = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            Map<String, List<Double>> warmHops = new LinkedHashMap<>();
            Map<String, List<Double>> coldHops = new LinkedHashMap<>();
            for (int i = 0; i < PLAYS + 2; i++) {
                DiscordState.Guild guild = fleet.discord.addGuild("First frame " + i, "owner");
                String text = fleet.discord.state().channelNamed(guild.id, "general").id();
                String voice = fleet.discord.state().channelNamed(guild.id, "Music").id();
                String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
                fleet.discord.moveToVoice(guild.id, bob, voice);
                await().atMost(Duration.ofSeconds(10)).until(() -> fleet.discord.state().guild(guild.id).voiceStates.containsKey(bob));
                try (DaveListener bobHears = fleet.discord.voice().listen(guild.id, voice, Long.parseLong(bob))) {
                    Played firstPlay = play(fleet, guild.id, text, bob, url);
                    double first = heard(firstPlay, bobHears);
                    // The 2 s track ends, then silence: the next /play starts from an idle player already in voice.
                    await().atMost(Duration.ofSeconds(20)).until(() -> !bobHears.heard.isEmpty()
                            && System.nanoTime() - bobHears.heard.getLast().arrivalNanos() > 1_000_000_000L);
                    Played secondPlay = play(fleet, guild.id, text, bob, url);
                    double second = heard(secondPlay, bobHears);
                    if (i >= 2) { // the first two warm the JIT of every process
                        cold.add(first);
                        warm.add(second);
                        hops(secondPlay, second, commands, events, null)
                                .forEach((hop, millis) -> warmHops.computeIfAbsent(hop, h -> new ArrayList<>()).add(millis));
                        hops(firstPlay, first, commands, events, requests)
                                .forEach((hop, millis) -> coldHops.computeIfAbsent(hop, h -> new ArrayList<>()).add(millis));
                    }
                }
            }
            List<Double> bare = new ArrayList<>();
            for (int i = 0; i < PLAYS + 2; i++) {
                double took = bareLoadAndFirstFrame(url);
                if (i >= 2) {
                    bare.add(took);
                }
            }
            System.out.printf("%n/play to first frame heard, %d plays each (ms)%n", PLAYS);
            System.out.println("| path | p50 | p90 | p99 | max |");
            System.out.println("|---|---|---|---|---|");
            row("fleet, cold (bot joins voice)", cold);
            row("fleet, warm (bot in voice, player idle)", warm);
            row("bare lavaplayer: load + first frame", bare);
            System.out.println("\nWhere a warm /play's time goes (ms, from the events' own timestamps)");
            System.out.println("| hop | p50 | p90 | p99 | max |");
            System.out.println("|---|---|---|---|---|");
            warmHops.forEach(PlayToFirstFrameBenchmark::row);
            System.out.println("\nWhere a cold /play's time goes (ms)");
            System.out.println("| hop | p50 | p90 | p99 | max |");
            System.out.println("|---|---|---|---|---|");
            coldHops.forEach(PlayToFirstFrameBenchmark::row);
        }
    }

    /**
     * A play's time split at the fleet's own marks: the gateway's command event (written in its
     * outbox transaction), the record's producer timestamp (the relay sent it), and the node's
     * track-started event; for a cold play ({@code requests} given) also the node's request to join
     * and the gateway's voice-server event. The last hop runs to the frame heard. One machine, one clock.
     */
    private static Map<String, Double> hops(Played played, double total, KafkaProbe commands, KafkaProbe events, KafkaProbe requests) {
        Interaction play = played.interaction();
        Instant sent = played.at();
        Duration wait = Duration.ofSeconds(10);
        KafkaProbe.Received command = commands.await(r -> play.id.equals(r.event().data().path("commandId").asText()), wait)
                .orElseThrow(() -> new AssertionError("no playback command for " + play.id));
        KafkaProbe.Received started = events.await(r -> r.event().type().equals(EventTypes.TRACK_STARTED.name())
                && play.guildId.equals(r.key()) && r.event().time().isAfter(sent), wait)
                .orElseThrow(() -> new AssertionError("no track start in " + play.guildId));
        Instant heard = sent.plusNanos((long) (total * 1e6));
        Map<String, Double> hops = new LinkedHashMap<>();
        hops.put("interaction to the gateway's command event (JDA, admission, outbox write)", millis(sent, command.event().time()));
        if (requests == null) {
            hops.put("outbox write to the record sent to Kafka (relay)", millis(command.event().time(), command.sent()));
            hops.put("record sent to the node's track-started event (consume, load, start)", millis(command.sent(), started.event().time()));
        } else {
            KafkaProbe.Received join = requests.await(r -> r.event().type().equals(EventTypes.VOICE_CONNECT_REQUESTED.name())
                    && play.guildId.equals(r.key()), wait).orElseThrow(() -> new AssertionError("no request to join in " + play.guildId));
            KafkaProbe.Received server = commands.await(r -> r.event().type().equals(EventTypes.VOICE_SERVER_UPDATED.name())
                    && play.guildId.equals(r.key()), wait).orElseThrow(() -> new AssertionError("no voice server in " + play.guildId));
            hops.put("command event to the node's request to join (relay, consume, load, queue)", millis(command.event().time(), join.event().time()));
            hops.put("request to join to the gateway's voice-server event (relay, consume, op 4, Discord's answer)", millis(join.event().time(), server.event().time()));
            hops.put("voice-server event to track started (relay, consume, voice gateway, UDP, DAVE, load, start)", millis(server.event().time(), started.event().time()));
        }
        hops.put("track started to the first frame heard (provide, send loop, voice, DAVE)", millis(started.event().time(), heard));
        return hops;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** A /play as delivered: the interaction, and when, on the monotonic and the wall clock. */
    private record Played(Interaction interaction, long nanos, Instant at) {
    }

    private static Played play(MusicFleet fleet, String guildId, String channelId, String userId, String url) {
        var options = DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", "query").put("type", 3).put("value", url);
        Interaction play = fleet.discord.interactions().command(guildId, channelId, userId, "play", options);
        Played played = new Played(play, System.nanoTime(), Instant.now());
        fleet.discord.deliver(play);
        return played;
    }

    /** Milliseconds from the interaction's delivery until the listener hears a frame sent after it. */
    private static double heard(Played play, DaveListener listener) {
        long sent = play.nanos();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                .until(() -> listener.heard.stream().anyMatch(h -> h.arrivalNanos() > sent));
        long heard = listener.heard.stream().filter(h -> h.arrivalNanos() > sent).findFirst().orElseThrow().arrivalNanos();
        return (heard - sent) / 1e6;
    }

    private static double bareLoadAndFirstFrame(String url) throws Exception {
        AudioPlayerManager manager = BareLavaplayer.manager();
        try {
            AudioPlayer player = manager.createPlayer();
            long start = System.nanoTime();
            player.startTrack(BareLavaplayer.load(manager, url), false);
            while (player.provide(10, TimeUnit.MILLISECONDS) == null) {
                Thread.onSpinWait();
            }
            return (System.nanoTime() - start) / 1e6;
        } finally {
            manager.shutdown();
        }
    }

    private static void row(String path, List<Double> millis) {
        if (millis.isEmpty()) {
            return;
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("| %s | %.0f | %.0f | %.0f | %.0f |%n", path, at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99), sorted.getLast());
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
