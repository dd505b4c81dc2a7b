package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.riff.devkit.ServiceProcess;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.devkit.audio.ToneAnalysis;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import dev.riff.devkit.discord.dave.DaveListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two playback nodes; the one playing a guild is killed mid-track (SIGKILL, as a crash). Kafka
 * hands its partitions to the other node, which restores the guild's player and voice from the
 * saved state and plays on. The track is a sweep rising 10 Hz per second, so the pitch heard after
 * the failover tells where in the track playback resumed. The guild plays it through /filter
 * nightcore (speed and pitch × 1.2), so the sweep is heard rising 14.4 Hz a second instead of 10;
 * the same rise after the failover shows the filter came back with the guild.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaybackFailoverIT {

    private static final double START_HZ = 300;
    private static final double HZ_PER_SECOND = 10;
    /** Nightcore's speed and pitch. */
    private static final double NIGHTCORE = 1.2;

    private MusicFleet fleet;

    @BeforeAll
    void start() throws IOException {
        fleet = new MusicFleet(2);
    }

    @AfterAll
    void stop() throws IOException {
        fleet.close();
    }

    @Test
    void killingTheNodeMidTrackResumesTheGuildOnTheOtherNodeNearTheSamePosition() throws Exception {
        String url = fleet.media.add("sweep.wav", MediaServer.wavSweep(START_HZ, HZ_PER_SECOND, 60));
        DiscordState.Guild guild = fleet.discord.addGuild("Failover", "owner");
        String voiceChannel = fleet.discord.state().channelNamed(guild.id, "Music").id();
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, voiceChannel);
        // Bob is a DAVE member of the call: after the crash the new node must re-key the group with him.
        DaveListener bobHears = fleet.discord.voice().listen(guild.id, voiceChannel, Long.parseLong(bob));
        fleet.play(guild.id, fleet.discord.state().channelNamed(guild.id, "general").id(), bob, url);

        await().atMost(Duration.ofSeconds(40)).until(() -> bobHears.heard.size() > 8 * 50);
        ArrayNode nightcore = DiscordJson.MAPPER.createArrayNode();
        nightcore.addObject().put("name", "preset").put("type", 3).put("value", "nightcore");
        Interaction filter = fleet.command(guild.id, fleet.discord.state().channelNamed(guild.id, "general").id(), bob, "filter", nightcore);
        await().atMost(Duration.ofSeconds(20)).until(() -> fleet.content(filter).equals("Filter: nightcore."));
        long filteredFrom = System.nanoTime();
        // lavaplayer's buffer (5 s) plays out unfiltered first; then 4 s through the filter.
        await().atMost(Duration.ofSeconds(30)).until(() -> bobHears.monoPcmAfter(filteredFrom).length > 9 * 48_000);
        double riseBefore = risePerSecond(lastSeconds(bobHears, 3));
        assertEquals(HZ_PER_SECOND * NIGHTCORE * NIGHTCORE, riseBefore, 2.0, "the filter is heard before the kill");
        ServiceProcess owner = fleet.playbackNodes.stream().filter(node -> players(node) > 0).findFirst()
                .orElseThrow(() -> new AssertionError("no node is playing"));
        double positionBeforeKill = positionHeard(lastSeconds(bobHears, 0.5));
        long killedAt = System.nanoTime();
        owner.kill();

        await().atMost(Duration.ofSeconds(45)).until(() -> bobHears.monoPcmAfter(killedAt).length > 5 * 48_000);
        // The silence is the longest gap around the kill: frames the dead node sent just before it died may still arrive after it.
        int fromJustBeforeTheKill = (int) bobHears.heard.stream().filter(h -> h.arrivalNanos() < killedAt - 1_000_000_000L).count();
        double silenceSeconds = bobHears.maxGapMillis(fromJustBeforeTheKill) / 1000;
        short[] resumed = bobHears.monoPcmAfter(killedAt);
        double positionAfter = positionHeard(Arrays.copyOfRange(resumed, 0, 48_000 / 2));
        // From a second in: the dead node's last frames, if any arrived late, are behind it by then.
        double riseAfter = risePerSecond(Arrays.copyOfRange(resumed, 48_000, 4 * 48_000));

        System.out.printf("failover: position %.1f s before the kill, %.1f s after; %.1f s without audio; sweep rising %.1f Hz/s before, %.1f after%n",
                positionBeforeKill, positionAfter, silenceSeconds, riseBefore, riseAfter);
        assertEquals(HZ_PER_SECOND * NIGHTCORE * NIGHTCORE, riseAfter, 2.0, "the guild's filter came back with it on the other node");
        assertTrue(Math.abs(positionAfter - positionBeforeKill) <= 2.0,
                "resumed near where it was: " + positionBeforeKill + " s before, " + positionAfter + " s after");
    }

    /** Where in the sweep a stretch of audio (heard through nightcore) is, from its pitch. */
    private static double positionHeard(short[] pcm) {
        return (ToneAnalysis.dominantFrequency(pcm, 48_000, 200, 1200) / NIGHTCORE - START_HZ) / HZ_PER_SECOND;
    }

    /** How fast the heard pitch rises, in Hz per second heard: from its first half second to its last. */
    private static double risePerSecond(short[] pcm) {
        int half = 48_000 / 2;
        double seconds = (pcm.length - half) / 48_000.0;
        int first = ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, 0, half), 48_000, 200, 1200);
        int last = ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - half, pcm.length), 48_000, 200, 1200);
        return (last - first) / seconds;
    }

    private static short[] lastSeconds(DaveListener listener, double seconds) {
        short[] pcm = listener.monoPcm();
        return Arrays.copyOfRange(pcm, Math.max(0, pcm.length - (int) (seconds * 48_000)), pcm.length);
    }

    private static int players(ServiceProcess node) {
        try {
            return Http.get(node.url() + "/api/v1/node/stats").body().path("players").asInt();
        } catch (IllegalStateException unreachable) {
            return 0; // the killed node
        }
    }
}
