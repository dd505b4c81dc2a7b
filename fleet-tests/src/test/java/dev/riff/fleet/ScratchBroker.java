package dev.riff.fleet;

import dev.riff.devkit.KafkaBroker;
import dev.riff.devkit.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A benchmark's own Kafka broker, with the fleet's topics, in a scratch directory deleted on close. */
final class ScratchBroker implements AutoCloseable {

    /** The repository, where the services' builds are. */
    final Path root = Path.of(System.getProperty("riff.root", "..")).toAbsolutePath().normalize();
    final Path state;
    final KafkaBroker kafka;

    ScratchBroker(String prefix) throws IOException {
        state = Files.createTempDirectory(prefix);
        kafka = new KafkaBroker(state.resolve("kafka"), Ports.free(), Ports.free());
        kafka.start();
        kafka.createTopics();
    }

    @Override
    public void close() throws IOException {
        kafka.stop();
        TestDirectories.deleteTree(state);
    }
}
