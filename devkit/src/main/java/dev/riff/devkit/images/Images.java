package dev.riff.devkit.images;

import dev.riff.devkit.FleetService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code ./fleet images}: the base image (made once per machine) and every service's image tarball. */
public final class Images {

    /** The tag deploy/ refers to. */
    public static final String VERSION = "0.1.0";

    private Images() {
    }

    public static List<Path> buildAll(Path root) throws Exception {
        Path base = BaseImage.ensure(Path.of(System.getProperty("java.home")));
        System.out.println("base image: " + base);
        String revision = revision(root);
        List<Path> built = new java.util.ArrayList<>();
        for (FleetService service : FleetService.startOrder()) {
            long started = System.nanoTime();
            var image = ServiceImage.build(root.resolve(service.module()), service.module(), VERSION, revision, base);
            Path tarball = ServiceImage.tarball(root.resolve(service.module()), service.module());
            System.out.printf("%s: %s (%s, %d MB) in %.1f s%n", ServiceImage.name(service.module(), VERSION), tarball, image.getDigest(),
                    Files.size(tarball) >> 20, (System.nanoTime() - started) / 1e9);
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
