package dev.riff.devkit.images;

import dev.riff.devkit.FleetException;
import dev.riff.devkit.LocalProcess;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Podman's Docker-compatible API on a socket of the fleet's, for Testcontainers: {@link #up()} starts
 * {@code podman system service} (if it is not running), makes the offline PostgreSQL image, and
 * gives the variables the tests read: DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED (Ryuk's image cannot
 * be pulled; the tests stop their containers themselves) and the image to use for PostgreSQL.
 */
public final class ContainerApi {

    private final Path directory;
    private final Path socket;
    private final LocalProcess service;

    public ContainerApi(Path stateDirectory) {
        this.directory = stateDirectory.resolve("containers");
        this.socket = directory.resolve("podman.sock");
        this.service = new LocalProcess("podman-api", directory.resolve("podman-api.pid"));
    }

    public Map<String, String> up() {
        try {
            Podman podman = new Podman(directory);
            String postgres = PostgresImage.ensure(podman);
            if (!service.isRunning()) {
                Files.deleteIfExists(socket);
                service.start(List.of("podman", "system", "service", "--time=0", "unix://" + socket),
                        Map.of("CONTAINERS_CONF", podman.configuration().toString()), directory, directory.resolve("podman-api.log"));
                awaitSocket();
            }
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("DOCKER_HOST", "unix://" + socket);
            variables.put("TESTCONTAINERS_RYUK_DISABLED", "true");
            variables.put("RIFF_TEST_POSTGRES_IMAGE", postgres);
            return variables;
        } catch (IOException e) {
            throw new FleetException("cannot start the container API: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted", e);
        }
    }

    public void down() {
        service.stop(Duration.ofSeconds(10));
    }

    private void awaitSocket() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket)) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    return;
                } catch (IOException notYet) {
                    // the file appears before the service accepts
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("podman system service did not open " + socket + "; see " + directory.resolve("podman-api.log"));
    }
}
