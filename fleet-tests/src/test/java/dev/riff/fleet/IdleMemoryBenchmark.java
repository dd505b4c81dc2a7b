package dev.riff.fleet;

import dev.riff.devkit.FleetService;
import dev.riff.devkit.Ports;
import dev.riff.devkit.ProcessStats;
import dev.riff.devkit.ServiceProcess;
import dev.riff.devkit.discord.DiscordSimulator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each service's resident memory at rest under JVM settings a container would give it (a harness,
 * not a test: tagged "benchmark", excluded from the build). Each service runs alone as a process with
 * the heap a container limit allows (75 % of 768 MiB, of 1,536 MiB for playback; SerialGC, which the
 * JVM picks under 1,792 MB), against the machine's PostgreSQL and Redis and a broker of its own; the
 * resident set is read 8 s after ready. Settings compared: the heap starting at 25 % of the limit or
 * at 2 %, and 2 % with every start-up setting that trades throughput for memory. Run with
 * {@code ./mvnw -B verify -pl fleet-tests -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=IdleMemoryBenchmark -Driff.excluded.groups=none -Dgroups=benchmark}.
 */
@Tag("benchmark")
class IdleMemoryBenchmark {

    /** JVM settings compared: where the heap starts (a share of the limit, as -XX:InitialRAMPercentage), and more options. */
    private record Setting(String name, int initialHeapPercent, List<String> options) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("initial heap 25 %", 25, List.of()),
            new Setting("initial heap 2 %", 2, List.of()),
            new Setting("2 % + C1 only + 512 KB stacks + compact object headers", 2,
                    List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+UseCompactObjectHeaders")));

    @Test
    void eachServiceAtRest() throws Exception {
        Map<String, Map<String, Long>> resident = new LinkedHashMap<>();
        try (ScratchBroker broker = new ScratchBroker("riff-idle-bench")) {
            for (FleetService service : FleetService.values()) {
                long limit = (service == FleetService.PLAYBACK ? 1536L : 768L) << 20;
                for (Setting setting : SETTINGS) {
                    long initialHeap = limit * setting.initialHeapPercent() / 100;
                    List<String> jvm = new java.util.ArrayList<>(List.of(
                            // After ServiceProcess' test defaults, so these win: C2 back on, the container's heap.
                            "-XX:TieredStopAtLevel=4", "-Xmx" + (limit * 3 / 4 >> 20) + "m", "-Xms" + (initialHeap >> 20) + "m"));
                    jvm.addAll(setting.options());
                    Map<String, String> properties = new LinkedHashMap<>(Map.of(
                            "riff.kafka.bootstrap", broker.kafka.bootstrapServers(), "riff.database-name", service.database() + "_test"));
                    // The gateway is ready once its shard is connected: to the simulator, with no guilds.
                    DiscordSimulator discord = service == FleetService.GATEWAY ? DiscordSimulator.start(0) : null;
                    if (discord != null) {
                        properties.put("riff.discord.simulator-url", "http://127.0.0.1:" + discord.port());
                    }
                    ServiceProcess process = new ServiceProcess(service, broker.root, Files.createDirectories(broker.state.resolve(service.module())), Ports.free(),
                            properties).withJvmOptions(jvm);
                    process.start();
                    try {
                        process.awaitReady(Duration.ofMinutes(2));
                        Thread.sleep(8_000);
                        long bytes = ProcessStats.residentBytes(process.pid());
                        resident.computeIfAbsent(service.module(), s -> new LinkedHashMap<>()).put(setting.name(), bytes);
                        System.out.printf("[idle] %s, %s: %d MB%n", service.module(), setting.name(), bytes >> 20);
                    } finally {
                        process.stop();
                        if (discord != null) {
                            discord.close();
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| service | " + String.join(" | ", SETTINGS.stream().map(Setting::name).toList()) + " |");
        System.out.println("|---" + "|---".repeat(SETTINGS.size()) + "|");
        Map<String, Long> totals = new LinkedHashMap<>();
        resident.forEach((service, row) -> {
            StringBuilder line = new StringBuilder("| " + service);
            row.forEach((setting, bytes) -> {
                line.append(" | ").append(bytes >> 20).append(" MB");
                totals.merge(setting, bytes, Long::sum);
            });
            System.out.println(line.append(" |"));
        });
        StringBuilder all = new StringBuilder("| all six");
        totals.values().forEach(bytes -> all.append(" | ").append(String.format("%,d MB", bytes >> 20)));
        System.out.println(all.append(" |"));
    }
}
