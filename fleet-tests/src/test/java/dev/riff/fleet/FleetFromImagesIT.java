package dev.riff.fleet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.devkit.FleetService;
import dev.riff.devkit.images.ImageFleet;
import dev.riff.devkit.images.Podman;
import dev.riff.devkit.images.ServiceImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole fleet from its images: each service's image (as `./fleet images` builds it) run by podman
 * as deploy/ runs pods (read-only root, no capabilities, non-root, deploy's memory limits), with host networking, against
 * this machine's PostgreSQL and Redis, the devkit's Kafka and the Discord simulator ({@link ImageFleet});
 * every service reaches readiness, using its image's AOT cache. Prints each one's time from
 * `podman run` to ready and its resident memory.
 */
class FleetFromImagesIT {

    @Test
    void everyServiceStartsFromItsImageAndBecomesReady() throws Exception {
        assertTrue(Podman.installed(), "podman is needed (apt-get install podman runc); ./fleet test installs it");
        Path root = Path.of("..").toAbsolutePath().normalize();
        BuiltImages.ensure(root);
        Path state = Files.createTempDirectory("riff-images-it");
        Podman podman = new Podman(state);
        List<String> containers = new ArrayList<>();
        try (ImageFleet fleet = ImageFleet.start(state)) {
            Map<String, String> readiness = new LinkedHashMap<>();
            for (FleetService service : FleetService.startOrder()) {
                String image = podman.load(ServiceImage.tarball(root.resolve(service.module()), service.module()));
                String name = "riff-it-" + service.module() + "-" + ProcessHandle.current().pid();
                podman.remove(name);
                long started = System.nanoTime();
                // The memory limits deploy/base gives the pods, so the JVM sizes itself as it would there.
                podman.run(name, image, fleet.environment(service),
                        List.of("--memory", service == FleetService.PLAYBACK ? "1536m" : "768m"));
                containers.add(name);
                fleet.awaitReady(podman, name, service, Duration.ofSeconds(120));
                double seconds = (System.nanoTime() - started) / 1e9;
                readiness.put(service.module(), String.format("ready %.1f s after podman run, %d MB resident", seconds,
                        podman.residentBytes(name) >> 20));
                // The JVM says so when it cannot use the image's AOT cache (a stale one is ignored, not fatal).
                String log = podman.logs(name);
                assertFalse(log.contains("[warning][aot") || log.contains("[error][aot"), service + " could not use its AOT cache:\n" + log);
            }
            long total = 0;
            for (String name : containers) {
                total += podman.residentBytes(name);
            }
            readiness.forEach((service, line) -> System.out.println(service + ": " + line));
            System.out.printf("the fleet from its images: %d MB resident in all%n", total >> 20);
        } finally {
            containers.forEach(podman::remove);
        }
    }
}
