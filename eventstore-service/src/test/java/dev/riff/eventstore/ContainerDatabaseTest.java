package dev.riff.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** With a container engine, this module's tests really run on the PostgreSQL container, as an ordinary role. */
@QuarkusTest
@EnabledIfEnvironmentVariable(named = "RIFF_TEST_POSTGRES_IMAGE", matches = ".+")
class ContainerDatabaseTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theTestsRunOnTheContainersDatabaseAsTheServicesOwnOrdinaryRole() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select host(inet_server_addr()), current_user, "
                        + "(select rolsuper from pg_roles where rolname = current_user), current_database()")) {
            row.next();
            assertNotEquals("127.0.0.1", row.getString(1), "the server answers from the container's network, not the machine's loopback");
            assertFalse(connection.getMetaData().getURL().contains(":5432/"), "a port podman published, not the machine's server");
            assertEquals("riff_eventstore", row.getString(2));
            assertEquals(false, row.getBoolean(3), "not a superuser");
            assertEquals("riff_eventstore_test", row.getString(4));
        }
    }
}
