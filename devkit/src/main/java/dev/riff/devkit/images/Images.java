package dev.riff.devkit.images;

import com.google.cloud.tools.jib.api.JibContainer;
import dev.riff.devkit.FleetService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** {@code ./fleet images}: the base image (made once per machine) and every service's image tarball. */
public final class Images {

    /** The tag deploy/ refers to. */
    public static final String VERSION = "0.1.0";

    private Images() {
    }

    /**
     * Builds every image; with podman here, trains each on its image and rebuilds it with the AOT
     * cache (about two minutes more), else builds them without one and says so.
     */
    public static List<Path> buildAll(Path root) throws Exception {
        Path base = BaseImage.ensure(Path.of(System.getProperty("java.home")));
        System.out.println("base image: " + base);
        String revision = revision(root);
        // First without a cache: the training runs start these images.
        Map<FleetService, JibContainer> images = new EnumMap<>(FleetService.class);
        for (FleetService service : FleetService.startOrder()) {
            images.put(service, ServiceImage.build(root.resolve(service.module()), service.module(), VERSION, revision, base));
        }
        Map<FleetService, Path> caches = Map.of();
        if (Podman.installed()) {
            caches = AotTraining.train(root, Files.createTempDirectory("riff-aot"));
            for (var cache : caches.entrySet()) {
                FleetService service = cache.getKey();
                images.put(service, ServiceImage.build(root.resolve(service.module()), service.module(), VERSION, revision, base, cache.getValue()));
            }
        } else {
            System.out.println("podman is not installed: the images have no AOT cache (they start about twice as slowly)");
        }
        List<Path> built = new java.util.ArrayList<>();
        for (FleetService service : FleetService.startOrder()) {
            Path tarball = ServiceImage.tarball(root.resolve(service.module()), service.module());
            System.out.printf("%s: %s (%s, %d MB%s)%n", ServiceImage.name(service.module(), VERSION), tarball, images.get(service).getDigest(),
                    Files.size(tarball) >> 20, caches.containsKey(service) ? ", with its AOT cache" : "");
            built.add(tarball);
        }
        return built;
    }

    /** The commit the images are built from, for their revision label. */
    static String revision(Path root) {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD").start();
            String head = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 && !head.isEmpty() ? head : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
