package dev.riff.fleet;

import dev.riff.devkit.FleetService;
import dev.riff.devkit.Ports;
import dev.riff.devkit.ProcessStats;
import dev.riff.devkit.ServiceProcess;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How many Discord shards a gateway pod holds (a harness, not a test: tagged "benchmark", excluded
 * from the build). One gateway process runs every shard of the simulator's guilds, each guild shaped
 * like a typical server (20 text channels, a voice channel, 10 roles; 3 % of them with two members in
 * voice). For each size it records the time from start to ready (every shard connected and every
 * guild loaded), the live heap after a full GC, the resident set, and the CPU time spent; the slope
 * between sizes is the memory a guild costs. Sizes: {@code riff.bench.shard-sizes}, pairs of
 * shards:guilds. Run with
 * {@code ./mvnw -B verify -pl fleet-tests -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=GatewayShardsBenchmark -Driff.excluded.groups=none -Dgroups=benchmark}.
 */
@Tag("benchmark")
class GatewayShardsBenchmark {

    private static final String SIZES = System.getProperty("riff.bench.shard-sizes", "1:0,4:4000,16:16000");
    private static final int TEXT_CHANNELS = 20;
    private static final int ROLES = 10;
    private static final double IN_VOICE = 0.03;

    private record Row(int shards, int guilds, double readySeconds, long heapLiveBytes, long nonHeapBytes, long residentBytes,
            double cpuSeconds, int threads) {
    }

    @Test
    void shardsAndGuildsOnOneGatewayPod() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (ScratchBroker broker = new ScratchBroker("riff-shards-bench")) {
            for (String size : SIZES.split(",")) {
                int shards = Integer.parseInt(size.split(":")[0]);
                int guilds = Integer.parseInt(size.split(":")[1]);
                rows.add(measure(broker, shards, guilds));
                System.out.println("[shards] " + rows.getLast());
            }
        }
        System.out.println();
        System.out.println("| shards | guilds | ready after | live heap after GC | non-heap | resident | CPU to ready | threads |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            System.out.printf("| %d | %,d | %.1f s | %d MB | %d MB | %d MB | %.1f s | %d |%n", row.shards(), row.guilds(), row.readySeconds(),
                    row.heapLiveBytes() >> 20, row.nonHeapBytes() >> 20, row.residentBytes() >> 20, row.cpuSeconds(), row.threads());
        }
        Row first = rows.getFirst();
        Row last = rows.getLast();
        if (last.guilds() > first.guilds()) {
            System.out.printf("per guild: %.1f KB of live heap, %.1f KB resident (from %,d to %,d guilds)%n",
                    (last.heapLiveBytes() - first.heapLiveBytes()) / 1024.0 / (last.guilds() - first.guilds()),
                    (last.residentBytes() - first.residentBytes()) / 1024.0 / (last.guilds() - first.guilds()), first.guilds(), last.guilds());
        }
    }

    private Row measure(ScratchBroker broker, int shards, int guilds) throws Exception {
        try (DiscordSimulator discord = DiscordSimulator.start(0)) {
            populate(discord.state(), guilds);
            ServiceProcess gateway = new ServiceProcess(FleetService.GATEWAY, broker.root, Files.createDirectories(broker.state.resolve("s" + shards + "g" + guilds)),
                    Ports.free(), Map.of(
                            "riff.kafka.bootstrap", broker.kafka.bootstrapServers(),
                            "riff.database-name", "riff_gateway_test",
                            "riff.discord.simulator-url", "http://127.0.0.1:" + discord.port(),
                            "riff.discord.shard-total", Integer.toString(shards),
                            "riff.config-service.port", Integer.toString(Ports.free())))
                    // Room to load the largest size; the live heap after a full GC is what is recorded.
                    .withJvmOptions(List.of("-Xmx2g"));
            long started = System.nanoTime();
            gateway.start();
            try {
                gateway.awaitReady(Duration.ofMinutes(10));
                double ready = (System.nanoTime() - started) / 1e9;
                double cpu = ProcessStats.cpuSeconds(gateway.pid());
                ProcessStats.jcmd(gateway.pid(), "GC.run");
                if (Boolean.getBoolean("riff.bench.histogram")) {
                    System.out.println(ProcessStats.jcmd(gateway.pid(), "GC.class_histogram").lines().limit(30).collect(java.util.stream.Collectors.joining("\n")));
                }
                Thread.sleep(1_000);
                String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gateway.managementUrl() + "/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                return new Row(shards, guilds, ready, sum(metrics, "jvm_memory_used_bytes{area=\"heap\""),
                        sum(metrics, "jvm_memory_used_bytes{area=\"nonheap\""), ProcessStats.residentBytes(gateway.pid()), cpu, ProcessStats.threads(gateway.pid()));
            } finally {
                gateway.stop();
            }
        }
    }

    /** Guilds shaped like a typical server's, made before the gateway connects (they arrive in GUILD_CREATE). */
    private static void populate(DiscordState state, int guilds) {
        int everyInVoice = (int) Math.round(1 / IN_VOICE);
        for (int i = 0; i < guilds; i++) {
            DiscordState.Guild guild = state.createGuild("Server " + i, state.createUser("owner" + i));
            for (int c = 1; c < TEXT_CHANNELS; c++) {
                state.addChannel(guild.id, "channel-" + c, DiscordState.ChannelType.TEXT);
            }
            for (int r = 0; r < ROLES; r++) {
                state.addRole(guild.id, "role-" + r, 0);
            }
            if (i % everyInVoice == 0) {
                String voice = state.channelNamed(guild.id, "Music").id();
                for (int m = 0; m < 2; m++) {
                    DiscordState.User listener = state.createUser("listener" + i + "-" + m);
                    state.addMember(guild.id, listener, List.of());
                    state.setVoiceState(new DiscordState.VoiceState(guild.id, voice, listener.id(), "session" + i + m, false, false));
                }
            }
        }
    }

    private static long sum(String metrics, String prefix) {
        return (long) metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
