package dev.riff.devkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL and Redis as they run on a developer machine or CI: real servers on 127.0.0.1.
 * When a server is installed but stopped it is started (and remembered, so `down` stops only what
 * the devkit started); when it is absent the error names the package to install.
 */
public final class LocalServers {

    public static final int POSTGRES_PORT = 5432;
    public static final int REDIS_PORT = 6379;

    private final Path stateDirectory;

    public LocalServers(Path stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public void ensurePostgres() {
        if (Ports.isListening(POSTGRES_PORT)) {
            return;
        }
        Path clusters = Path.of("/etc/postgresql");
        if (!Files.isDirectory(clusters) || !new File("/usr/bin/pg_ctlcluster").canExecute()) {
            throw new FleetException("PostgreSQL is not running on 127.0.0.1:" + POSTGRES_PORT
                    + " and is not installed; install it (Debian: apt-get install postgresql) or start your own server there");
        }
        String version = firstEntry(clusters);
        run("PostgreSQL", List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"));
        Ports.awaitListening(POSTGRES_PORT, "PostgreSQL", Duration.ofSeconds(30));
        remember("postgres");
    }

    public void ensureRedis() {
        if (Ports.isListening(REDIS_PORT)) {
            return;
        }
        if (!new File("/usr/bin/redis-server").canExecute()) {
            throw new FleetException("Redis is not running on 127.0.0.1:" + REDIS_PORT
                    + " and is not installed; install it (Debian: apt-get install redis-server) or start your own server there");
        }
        run("Redis", List.of("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port",
                Integer.toString(REDIS_PORT), "--save", "", "--appendonly", "no"));
        Ports.awaitListening(REDIS_PORT, "Redis", Duration.ofSeconds(30));
        remember("redis");
    }

    /** Stops PostgreSQL and Redis only if the devkit started them. */
    public void stopWhatWeStarted() {
        if (forget("redis")) {
            run("Redis", List.of("redis-cli", "-p", Integer.toString(REDIS_PORT), "shutdown", "nosave"));
        }
        if (forget("postgres")) {
            run("PostgreSQL", List.of("pg_ctlcluster", "--skip-systemctl-redirect",
                    firstEntry(Path.of("/etc/postgresql")), "main", "stop"));
        }
    }

    /**
     * Creates each service's role and database (and a separate {@code _test} database for its tests)
     * when missing. Runs as the PostgreSQL superuser; roles get no password on a trusted local server.
     */
    public void provisionDatabases(List<FleetService> services) {
        String url = System.getenv().getOrDefault("RIFF_PG_ADMIN_URL",
                "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/postgres?user=postgres");
        try (Connection admin = DriverManager.getConnection(url); Statement statement = admin.createStatement()) {
            for (FleetService service : services) {
                String role = service.database();
                if (!exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
                    statement.execute("create role " + role + " login");
                }
                for (String database : List.of(service.database(), service.database() + "_test")) {
                    if (!exists(admin, "select 1 from pg_database where datname = ?", database)) {
                        statement.execute("create database " + database + " owner " + role);
                    }
                }
            }
        } catch (SQLException e) {
            throw new FleetException("cannot provision databases through " + url + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void remember(String server) {
        try {
            Files.createDirectories(stateDirectory);
            Files.writeString(stateDirectory.resolve("started-" + server), "");
        } catch (IOException e) {
            throw new FleetException("cannot write " + stateDirectory + ": " + e.getMessage(), e);
        }
    }

    private boolean forget(String server) {
        try {
            return Files.deleteIfExists(stateDirectory.resolve("started-" + server));
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstEntry(Path directory) {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().findFirst()
                    .orElseThrow(() -> new FleetException("no PostgreSQL cluster under " + directory));
        } catch (IOException e) {
            throw new FleetException("cannot read " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void run(String what, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new FleetException("could not run " + String.join(" ", command) + " for " + what + ": " + output.strip());
            }
        } catch (IOException e) {
            throw new FleetException("could not run " + command.getFirst() + " for " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while starting " + what, e);
        }
    }
}
