package dev.riff.devkit.images;

import dev.riff.devkit.ProcessStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The images run by podman (with runc), configured for this machine kind by a containers.conf of
 * the fleet's own (no ulimits to set, runc, cgroupfs; crun cannot set rlimits here), so nothing of
 * the machine's configuration changes.
 */
public final class Podman {

    private final Path configuration;

    public Podman(Path stateDirectory) throws IOException {
        Files.createDirectories(stateDirectory);
        this.configuration = stateDirectory.resolve("containers.conf");
        Files.writeString(configuration, """
                [containers]
                default_ulimits = []

                [engine]
                runtime = "runc"
                cgroup_manager = "cgroupfs"
                """);
    }

    /** The containers.conf every podman call here uses (the API service too). */
    public Path configuration() {
        return configuration;
    }

    public boolean imageExists(String name) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("podman", "image", "exists", name).redirectErrorStream(true);
        builder.environment().put("CONTAINERS_CONF", configuration.toString());
        Process process = builder.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    /** Imports a root filesystem tarball as an image, with Dockerfile-style changes (USER, ENTRYPOINT, ...). */
    public void importRootfs(Path tarball, String name, List<String> changes) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("import", "-q"));
        changes.forEach(change -> {
            arguments.add("--change");
            arguments.add(change);
        });
        arguments.add(tarball.toString());
        arguments.add(name);
        podman(arguments, 600);
    }

    public static boolean installed() {
        try {
            return new ProcessBuilder("podman", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Loads an image tarball; returns the image's name as podman knows it. */
    public String load(Path tarball) throws IOException, InterruptedException {
        String out = podman(List.of("load", "-q", "-i", tarball.toString()), 300);
        return out.lines().filter(line -> line.startsWith("Loaded image")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElseThrow(() -> new IOException("podman load said: " + out));
    }

    /**
     * Starts a container as deploy/ runs pods: host networking, read-only root with /tmp in memory, no
     * capabilities, no privilege gain, the image's non-root user.
     */
    public String run(String name, String image, Map<String, String> environment) throws IOException, InterruptedException {
        return run(name, image, environment, List.of());
    }

    /** As {@link #run(String, String, Map)}, with more of podman's options (a volume, say). */
    public String run(String name, String image, Map<String, String> environment, List<String> options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host", "--read-only",
                "--tmpfs", "/tmp:rw,size=256m", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
        command.addAll(options);
        environment.forEach((key, value) -> command.addAll(List.of("-e", key + "=" + value)));
        command.add(image);
        return podman(command, 120).trim();
    }

    public String logs(String name) {
        try {
            return podman(List.of("logs", "--tail", "40", name), 30);
        } catch (Exception e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }

    public boolean running(String name) {
        try {
            return podman(List.of("inspect", "--format", "{{.State.Running}}", name), 30).trim().equals("true");
        } catch (Exception e) {
            return false;
        }
    }

    /** The resident memory of the container's main process (the JVM), from /proc. */
    public long residentBytes(String name) throws IOException, InterruptedException {
        return ProcessStats.residentBytes(Long.parseLong(podman(List.of("inspect", "--format", "{{.State.Pid}}", name), 30).trim()));
    }

    /** Stops containers together (SIGTERM, then SIGKILL after {@code seconds}), waiting for each to exit. */
    public void stop(List<String> names, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("stop", "-t", Integer.toString(seconds)));
        command.addAll(names);
        podman(command, seconds + 120);
    }

    public void remove(String name) {
        try {
            podman(List.of("rm", "-f", "-t", "10", name), 60);
        } catch (Exception e) {
            // already gone
        }
    }

    private String podman(List<String> arguments, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONTAINERS_CONF", configuration.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
