package dev.riff.devkit.images;

import dev.riff.devkit.FleetService;
import java.nio.file.Files;
import java.nio.file.Path;
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
        for (FleetService service : FleetService.startOrder()) {
            ServiceImage.build(root.resolve(service.module()), service.module(), VERSION, revision, base);
        }
        Map<FleetService, Path> caches = Map.of();
        if (Podman.installed()) {
            caches = AotTraining.train(root, java.nio.file.Files.createTempDirectory("riff-aot"));
        } else {
            System.out.println("podman is not installed: the images have no AOT cache (they start about twice as slowly)");
        }
        List<Path> built = new java.util.ArrayList<>();
        for (FleetService service : FleetService.startOrder()) {
            long started = System.nanoTime();
            Path module = root.resolve(service.module());
            var image = ServiceImage.build(module, service.module(), VERSION, revision, base, caches.get(service));
            Path tarball = ServiceImage.tarball(module, service.module());
            System.out.printf("%s: %s (%s, %d MB%s) in %.1f s%n", ServiceImage.name(service.module(), VERSION), tarball, image.getDigest(),
                    Files.size(tarball) >> 20, caches.containsKey(service) ? ", with its AOT cache" : "", (System.nanoTime() - started) / 1e9);
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
