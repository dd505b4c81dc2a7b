package dev.riff.devkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A background process the devkit started, remembered by a pid file so a later command can find
 * and stop it. Started in its own session, so a Ctrl-C in the launching terminal does not reach it.
 */
public final class LocalProcess {

    private final String name;
    private final Path pidFile;

    public LocalProcess(String name, Path pidFile) {
        this.name = name;
        this.pidFile = pidFile;
    }

    public String name() {
        return name;
    }

    public Optional<ProcessHandle> handle() {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isRunning() {
        return handle().isPresent();
    }

    public long start(List<String> command, Map<String, String> environment, Path workingDirectory, Path logFile) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.createDirectories(logFile.getParent());
            List<String> detached = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                detached.add("/usr/bin/setsid");
            }
            detached.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(detached)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            return process.pid();
        } catch (IOException e) {
            throw new FleetException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Asks the process to shut down cleanly (SIGTERM), and kills it if it has not within the grace period. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> handle = handle();
        handle.ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception timedOut) {
                process.destroyForcibly();
                process.onExit().join();
            }
        });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is harmless: handle() checks the process is alive
        }
        return handle.isPresent();
    }

    /** Kills the process at once, as a crash would. */
    public void kill() {
        handle().ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
    }

    /** The java launcher of the JDK running the devkit, so children run on the same JDK. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
