package dev.riff.eventstore;

import dev.riff.support.testing.ContainerPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The event store's tests run on a PostgreSQL container (Testcontainers) when the build has a
 * container engine and a PostgreSQL image, and on the machine's server otherwise: see
 * {@link ContainerPostgres}. Every test class of this module gets it (not restricted to this class).
 */
@QuarkusTestResource(value = ContainerPostgres.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "role", value = "riff_eventstore"))
public class ContainerDatabase {
}
