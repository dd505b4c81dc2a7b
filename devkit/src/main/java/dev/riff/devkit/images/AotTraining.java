package dev.riff.devkit.images;

import dev.riff.devkit.FleetService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JDK 25 AOT cache of each image, made by a training run of the image itself (so the runtime and
 * the class path are the ones the cache will meet): every service started from its image against an
 * {@link ImageFleet} with -XX:AOTCacheOutput, exercised once it is ready, and stopped; the JVM
 * assembles the cache as it exits. It halves the time to ready (docs/benchmarks.md, "Images").
 */
public final class AotTraining {

    private AotTraining() {
    }

    /** Trains every service's image (its tarball as built without a cache); returns each one's cache file. */
    public static Map<FleetService, Path> train(Path root, Path state) throws Exception {
        Podman podman = new Podman(state);
        Map<FleetService, Path> caches = new EnumMap<>(FleetService.class);
        List<String> containers = new ArrayList<>();
        Map<FleetService, Path> outputs = new EnumMap<>(FleetService.class);
        try (ImageFleet fleet = ImageFleet.start(state)) {
            for (FleetService service : FleetService.startOrder()) {
                Path module = root.resolve(service.module());
                String image = podman.load(ServiceImage.tarball(module, service.module()));
                // The container's user (185) writes the cache into this folder.
                Path output = Files.createDirectories(state.resolve("aot-" + service.module()));
                Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxrwxrwx"));
                outputs.put(service, output);
                Map<String, String> environment = fleet.environment(service);
                environment.put("JAVA_TOOL_OPTIONS", "-XX:AOTCacheOutput=/aot/app.aot");
                String name = "riff-aot-" + service.module() + "-" + ProcessHandle.current().pid();
                podman.remove(name);
                podman.run(name, image, environment, List.of("-v", output + ":/aot:rw"));
                containers.add(name);
                fleet.awaitReady(podman, name, service, Duration.ofSeconds(180));
                // What a pod does in its first minute: health and metrics scraped.
                for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/health/ready")) {
                    fleet.get(service, path);
                }
            }
            // SIGTERM: each JVM shuts down and assembles its cache on the way out.
            podman.stop(containers, 180);
        } finally {
            containers.forEach(podman::remove);
        }
        for (var entry : outputs.entrySet()) {
            Path trained = entry.getValue().resolve("app.aot");
            if (!Files.exists(trained)) {
                throw new IllegalStateException(entry.getKey().module() + ": the training run left no AOT cache");
            }
            Path kept = ServiceImage.aotCache(root.resolve(entry.getKey().module()));
            Files.copy(trained, kept, StandardCopyOption.REPLACE_EXISTING);
            caches.put(entry.getKey(), kept);
        }
        return caches;
    }
}
