package dev.riff.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary directories the fleet tests keep their brokers' data and the services' logs in. */
final class TestDirectories {

    private TestDirectories() {
    }

    /** Deletes a test's state directory and everything under it; nothing when it was never made. */
    static void deleteTree(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
