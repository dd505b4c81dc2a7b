package dev.riff.support.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL for a service's tests in a container, when the build has a container engine: Testcontainers'
 * own PostgreSQLContainer, on the image {@code RIFF_TEST_POSTGRES_IMAGE} names (./fleet test makes one
 * offline and declares it a substitute for the stock {@code postgres} image, since no registry is
 * reachable here), through the Docker API at {@code DOCKER_HOST} (podman's). Without that variable it
 * does nothing and the tests use the machine's PostgreSQL, the default.
 *
 * <p>In the container, as on the machine (the devkit's LocalServers) and under CloudNativePG, the
 * service's role is an ordinary login role owning its test database, not the superuser: tests that
 * check what the role may not do mean the same thing in both places.
 */
public class ContainerPostgres implements QuarkusTestResourceLifecycleManager {

    public static final String IMAGE_VARIABLE = "RIFF_TEST_POSTGRES_IMAGE";

    private String role;
    private PostgreSQLContainer container;

    @Override
    public void init(Map<String, String> initArgs) {
        role = initArgs.get("role");
        if (role == null) {
            throw new IllegalArgumentException("ContainerPostgres needs the service's database role (initArgs role)");
        }
    }

    @Override
    public Map<String, String> start() {
        String image = System.getenv(IMAGE_VARIABLE);
        if (image == null || image.isBlank()) {
            return Map.of();
        }
        String superuserPassword = UUID.randomUUID().toString();
        String password = UUID.randomUUID().toString();
        container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withUsername("postgres").withPassword(superuserPassword).withDatabaseName("postgres");
        container.start();
        try (Connection admin = DriverManager.getConnection(container.getJdbcUrl(), "postgres", superuserPassword);
                Statement statement = admin.createStatement()) {
            statement.execute("create role " + role + " login password '" + password + "'");
            statement.execute("create database " + role + "_test owner " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the role " + role + " in the PostgreSQL container", e);
        }
        return Map.of("riff.postgres.host", container.getHost(),
                "riff.postgres.port", Integer.toString(container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)),
                "quarkus.datasource.password", password);
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
    }
}
