package dev.riff.devkit.images;

import dev.riff.devkit.FleetService;
import dev.riff.devkit.KafkaBroker;
import dev.riff.devkit.Ports;
import dev.riff.devkit.discord.DiscordSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * What the services' containers run against when started from their images (the tests, and the
 * training runs that make each image's AOT cache): this machine's PostgreSQL and Redis, a Kafka
 * broker of its own on free ports, the Discord simulator, and free ports for every service (host
 * networking), each service on its `_test` database.
 */
public final class ImageFleet implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final KafkaBroker kafka;
    private final DiscordSimulator discord;
    private final Map<FleetService, Integer> ports = new EnumMap<>(FleetService.class);
    private final Map<FleetService, Integer> managementPorts = new EnumMap<>(FleetService.class);

    private ImageFleet(KafkaBroker kafka, DiscordSimulator discord) {
        this.kafka = kafka;
        this.discord = discord;
        for (FleetService service : FleetService.values()) {
            ports.put(service, Ports.free());
            managementPorts.put(service, Ports.free());
        }
    }

    public static ImageFleet start(Path state) {
        KafkaBroker kafka = new KafkaBroker(state.resolve("kafka"), Ports.free(), Ports.free());
        kafka.start();
        kafka.createTopics();
        return new ImageFleet(kafka, DiscordSimulator.start(0));
    }

    /** The container's environment: ports, loopback (host networking), Kafka, its database, the simulator, config-service. */
    public Map<String, String> environment(FleetService service) {
        return new HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPorts.get(service)),
                // Host networking: loopback is the machine's, where the built-in local tokens are allowed.
                "RIFF_HTTP_HOST", "127.0.0.1",
                "RIFF_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "RIFF_DATABASE_NAME", service.database() + "_test",
                "RIFF_DISCORD_SIMULATOR_URL", "http://127.0.0.1:" + discord.port(),
                "RIFF_CONFIG_SERVICE_PORT", Integer.toString(ports.get(FleetService.CONFIG))));
    }

    public int managementPort(FleetService service) {
        return managementPorts.get(service);
    }

    /** Waits until the container's service answers ready; fails with its log if it exits or time runs out. */
    public void awaitReady(Podman podman, String container, FleetService service, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = URI.create("http://127.0.0.1:" + managementPort(service) + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            if (!podman.running(container)) {
                throw new IllegalStateException(container + " exited while starting:\n" + podman.logs(container));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(container + " was not ready within " + timeout.toSeconds() + " s:\n" + podman.logs(container));
    }

    /** A GET on the service's management port (to exercise a running container), its status or -1. */
    public int get(FleetService service, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort(service) + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        discord.close();
        kafka.stop();
    }
}
