package dev.riff.gateway;

import dev.riff.devkit.FleetService;
import dev.riff.devkit.Ports;
import dev.riff.devkit.ServiceProcess;
import dev.riff.devkit.discord.DiscordSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the gateway talks to in its tests: the Discord simulator (in this JVM, so tests act as
 * Discord users and read what the bot did) and the real config-service as a process.
 */
public class DiscordEdgeResource implements QuarkusTestResourceLifecycleManager {

    static DiscordSimulator simulator;
    static ServiceProcess configService;

    @Override
    public Map<String, String> start() {
        simulator = DiscordSimulator.start(0, DiscordSimulator.DEFAULT_TOKEN, DiscordSimulator.DEFAULT_APPLICATION_ID,
                Duration.ofSeconds(5));
        simulator.rest().recommendedShards(2);
        try {
            Path root = Path.of("..").toAbsolutePath().normalize();
            Path state = Files.createDirectories(Path.of("target", "fleet-state").toAbsolutePath());
            configService = new ServiceProcess(FleetService.CONFIG, root, state, Ports.free(),
                    Map.of("riff.database-name", "riff_config_test"));
            configService.start();
            configService.awaitReady(Duration.ofSeconds(90));
        } catch (Exception e) {
            throw new IllegalStateException("config-service did not start: " + e.getMessage(), e);
        }
        return Map.of(
                "riff.discord.simulator-url", "http://127.0.0.1:" + simulator.port(),
                "riff.config-service.port", Integer.toString(configService.port()));
    }

    @Override
    public void stop() {
        if (configService != null) {
            configService.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
