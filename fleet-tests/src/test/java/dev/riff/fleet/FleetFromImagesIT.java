package dev.riff.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.devkit.FleetService;
import dev.riff.devkit.KafkaBroker;
import dev.riff.devkit.Ports;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.images.Images;
import dev.riff.devkit.images.Podman;
import dev.riff.devkit.images.ServiceImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole fleet from its images: each service's image (as `./fleet images` builds it) run by podman
 * as deploy/ runs pods (read-only root, no capabilities, non-root), with host networking, against
 * this machine's PostgreSQL and Redis, the devkit's Kafka and the Discord simulator; every service
 * reaches readiness. Prints each one's time from `podman run` to ready and its resident memory.
 */
class FleetFromImagesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyServiceStartsFromItsImageAndBecomesReady() throws Exception {
        assertTrue(Podman.installed(), "podman is needed (apt-get install podman runc); ./fleet test installs it");
        Path root = Path.of("..").toAbsolutePath().normalize();
        Images.buildAll(root);
        Path state = Files.createTempDirectory("riff-images-it");
        Podman podman = new Podman(state);
        List<String> containers = new ArrayList<>();
        KafkaBroker kafka = new KafkaBroker(state.resolve("kafka"), Ports.free(), Ports.free());
        try (DiscordSimulator discord = DiscordSimulator.start(0)) {
            kafka.start();
            kafka.createTopics();
            Map<FleetService, Integer> ports = new HashMap<>();
            Map<FleetService, Integer> management = new HashMap<>();
            for (FleetService service : FleetService.values()) {
                ports.put(service, Ports.free());
                management.put(service, Ports.free());
            }
            Map<String, String> readiness = new LinkedHashMap<>();
            for (FleetService service : FleetService.startOrder()) {
                String image = podman.load(ServiceImage.tarball(root.resolve(service.module()), service.module()));
                Map<String, String> environment = new HashMap<>(Map.of(
                        "QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)),
                        "QUARKUS_MANAGEMENT_PORT", Integer.toString(management.get(service)),
                        // Host networking: loopback is the machine's, and the built-in local tokens stay allowed there.
                        "RIFF_HTTP_HOST", "127.0.0.1",
                        "RIFF_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                        "RIFF_DATABASE_NAME", service.database() + "_test",
                        "RIFF_DISCORD_SIMULATOR_URL", "http://127.0.0.1:" + discord.port(),
                        "RIFF_CONFIG_SERVICE_PORT", Integer.toString(ports.get(FleetService.CONFIG))));
                String name = "riff-it-" + service.module() + "-" + ProcessHandle.current().pid();
                podman.remove(name);
                long started = System.nanoTime();
                podman.run(name, image, environment);
                containers.add(name);
                awaitReady(podman, name, management.get(service), Duration.ofSeconds(120));
                double seconds = (System.nanoTime() - started) / 1e9;
                readiness.put(service.module(), String.format("ready %.1f s after podman run, %d MB resident", seconds,
                        podman.residentBytes(name) >> 20));
            }
            long total = 0;
            for (String name : containers) {
                total += podman.residentBytes(name);
            }
            readiness.forEach((service, line) -> System.out.println(service + ": " + line));
            System.out.printf("the fleet from its images: %d MB resident in all%n", total >> 20);
        } finally {
            containers.forEach(podman::remove);
            kafka.stop();
        }
    }

    private static void awaitReady(Podman podman, String name, int managementPort, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!podman.running(name)) {
                throw new AssertionError(name + " exited while starting:\n" + podman.logs(name));
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " was not ready within " + timeout.toSeconds() + " s:\n" + podman.logs(name));
    }
}
