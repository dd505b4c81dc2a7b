package dev.riff.fleet;

import dev.riff.devkit.images.Images;
import java.nio.file.Path;
import java.util.List;

/** The images `./fleet images` builds (training runs included), built once for all the tests in this JVM. */
final class BuiltImages {

    private static List<Path> tarballs;

    private BuiltImages() {
    }

    static synchronized List<Path> ensure(Path root) throws Exception {
        if (tarballs == null) {
            tarballs = Images.buildAll(root);
        }
        return tarballs;
    }
}
