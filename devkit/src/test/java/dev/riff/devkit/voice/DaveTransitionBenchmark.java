package dev.riff.devkit.voice;

import static org.awaitility.Awaitility.await;

import dev.riff.devkit.audio.OpusTone;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.VoiceServers;
import dev.riff.devkit.discord.dave.DaveListener;
import dev.riff.voice.VoiceConnection;
import dev.riff.voice.VoiceSendLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long DAVE's membership changes take on this machine, which the tests do not assert (a busy
 * machine stretches them): for each round a member joins a call the bot is playing into and another
 * leaves. Reported: the time from a join until the joiner hears its first frame, and the longest
 * silence a member already in the call hears across the other's join or leave. A harness, run by
 * hand (docs/benchmarks.md).
 */
@Tag("benchmark")
class DaveTransitionBenchmark {

    private static final int ROUNDS = Integer.getInteger("riff.bench.rounds", 20);

    @Test
    void joinsAndLeavesDuringPlayback() {
        List<Double> joinToFirstFrame = new ArrayList<>();
        List<Double> gapAcrossJoin = new ArrayList<>();
        List<Double> gapAcrossLeave = new ArrayList<>();
        try (DiscordSimulator simulator = DiscordSimulator.start(0); VoiceSendLoop sendLoop = new VoiceSendLoop()) {
            DiscordState.Guild guild = simulator.addGuild("Bench", "owner");
            String channel = simulator.state().channelNamed(guild.id, "Music").id();
            VoiceServers.Grant grant = simulator.joinVoiceAsBot(guild.id, channel);
            try (VoiceConnection bot = new VoiceConnection(simulator.voiceSession(grant), new OpusTone(440), sendLoop, (c, s, r) -> { },
                    simulator.voiceGatewayClient())) {
                bot.connect();
                long stayer = 500_000_000_000_000_000L;
                DaveListener first = simulator.voice().listen(guild.id, channel, stayer);
                await().atMost(Duration.ofSeconds(20)).until(() -> first.heard.size() > 100);
                DaveListener staying = first;
                for (int round = 0; round < ROUNDS; round++) {
                    long joinerId = stayer + 1 + round;
                    int stayingBefore = staying.heard.size();
                    long joinedAt = System.nanoTime();
                    DaveListener joiner = simulator.voice().listen(guild.id, channel, joinerId);
                    await().atMost(Duration.ofSeconds(20)).until(() -> joiner.heard.size() > 50);
                    joinToFirstFrame.add((joiner.heard.getFirst().arrivalNanos() - joinedAt) / 1e6);
                    gapAcrossJoin.add(staying.maxGapMillis(stayingBefore));
                    int joinerBefore = joiner.heard.size();
                    long epoch = bot.dave().session().epoch();
                    simulator.voice().hangUp(guild.id, stayer);
                    try {
                        await().atMost(Duration.ofSeconds(20)).until(() -> bot.dave().session().epoch() > epoch
                                && joiner.heard.size() > joinerBefore + 100);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("round " + round + ": bot epoch " + bot.dave().session().epoch() + " (was " + epoch
                                + "), joiner heard " + joiner.heard.size() + " (was " + joinerBefore + "); DAVE log "
                                + simulator.voice().dave(guild.id, channel).log, e);
                    }
                    gapAcrossLeave.add(joiner.maxGapMillis(joinerBefore));
                    staying = joiner;
                    stayer = joinerId;
                }
            }
        }
        System.out.printf("BENCH DAVE transitions, %d rounds (load average %.2f)%n", ROUNDS,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        print("join to the joiner's first frame", joinToFirstFrame);
        print("longest silence across a join (member already in the call)", gapAcrossJoin);
        print("longest silence across a leave (member staying)", gapAcrossLeave);
    }

    private static void print(String what, List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("BENCH %s: p50 %.1f ms, p90 %.1f ms, max %.1f ms%n", what,
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1]);
        System.out.println("BENCH   all: " + Arrays.toString(Arrays.stream(sorted).map(v -> Math.round(v * 10) / 10.0).toArray()));
    }
}
