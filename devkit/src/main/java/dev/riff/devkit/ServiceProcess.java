package dev.riff.devkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One service of the fleet running as its own JVM from its packaged Quarkus application. */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final FleetService service;
    private final Path repositoryRoot;
    private final Path logFile;
    private final int port;
    private final int managementPort;
    private final Map<String, String> properties;
    private final Map<String, String> environment = new TreeMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final LocalProcess process;

    /**
     * @param properties configuration overrides passed as system properties (for example another
     *                   Kafka bootstrap address or database in tests)
     */
    public ServiceProcess(FleetService service, Path repositoryRoot, Path stateDirectory, int port,
            Map<String, String> properties) {
        this.service = service;
        this.repositoryRoot = repositoryRoot;
        this.port = port;
        this.managementPort = port == service.port() ? service.managementPort() : Ports.free();
        this.properties = new TreeMap<>(properties);
        this.logFile = stateDirectory.resolve("logs").resolve(service.module() + ".log");
        this.process = new LocalProcess(service.module(), stateDirectory.resolve("pids").resolve(service.module() + ".pid"));
    }

    /** Environment variables for the process, as Kubernetes sets them (for example a Secret's value). */
    public ServiceProcess withEnvironment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** JVM options after the defaults, so they win (for example a larger heap for a benchmark). */
    public ServiceProcess withJvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    public FleetService service() {
        return service;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where /q/health, /q/metrics and /q/openapi are served. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    public long pid() {
        return process.handle().map(ProcessHandle::pid).orElse(-1L);
    }

    public void start() {
        if (process.isRunning()) {
            return;
        }
        Path jar = repositoryRoot.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new FleetException(service.module() + " is not built (" + jar + " is missing); run ./mvnw -B package -DskipTests");
        }
        Ports.requireFree(port, service.module());
        Ports.requireFree(managementPort, service.module() + " (management)");
        List<String> command = new ArrayList<>(List.of(LocalProcess.javaExecutable(), "-Xms64m", "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort));
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        process.start(command, environment, repositoryRoot.resolve(service.module()), logFile);
    }

    /** Waits for the readiness check to pass; fails naming the log when the process dies or time runs out. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isRunning()) {
                throw new FleetException(service.module() + " exited while starting; see " + logFile + ":\n" + logTail(20));
            }
            if (health("/q/health/ready").startsWith("UP")) {
                return;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetException("interrupted", e);
            }
        }
        throw new FleetException(service.module() + " was not ready within " + timeout.toSeconds() + " s; see " + logFile);
    }

    /** The last lines of the service's log, to show with a failure. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** "UP", "DOWN (status 503)" or "unreachable" for the given health endpoint (on the management port). */
    public String health(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + path))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? "UP" : "DOWN (status " + response.statusCode() + ")";
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable";
        }
    }

    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    /** Kills the service at once, as a crash would. */
    public void kill() {
        process.kill();
    }
}
