package dev.riff.support.reactive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** Which failures mean "a dependency is down, try again" and which mean the call itself failed. */
class TransientFailuresTest {

    private static PgException postgres(String code, String message) {
        return new PgException(message, "FATAL", code, null);
    }

    @Test
    void droppedRefusedOrResetConnectionsAreTransientHoweverWrapped() {
        assertTrue(TransientFailures.isTransient(new ConnectException("Connection refused")));
        assertTrue(TransientFailures.isTransient(new SocketException("Connection reset")));
        assertTrue(TransientFailures.isTransient(ClosedConnectionException.INSTANCE));
        assertTrue(TransientFailures.isTransient(new IllegalStateException("wrapped", new java.io.IOException("Broken pipe"))));
        assertTrue(TransientFailures.isTransient(new java.io.IOException("recvAddress(..) failed: Connection reset by peer")));
        // Hibernate Reactive reports the reset first and its own complaint about the lost transaction second, or the other way round.
        assertTrue(TransientFailures.isTransient(new CompositeException(new IllegalStateException("HR000090: Live transaction detected"),
                new SocketException("Connection reset"))));
    }

    @Test
    void postgresSaysWhenItIsDownRestartingOrRefusingForNow() {
        assertTrue(TransientFailures.isTransient(postgres("57P01", "terminating connection due to administrator command")));
        assertTrue(TransientFailures.isTransient(postgres("57P03", "the database system is starting up")));
        assertTrue(TransientFailures.isTransient(postgres("08006", "connection failure")));
        assertTrue(TransientFailures.isTransient(postgres("53300", "too many connections for role")));
        assertTrue(TransientFailures.isTransient(postgres("55000", "database \"riff\" is not currently accepting connections")));
        // Hibernate Reactive replaces the client's exception with a JDBC one carrying the same SQLSTATE.
        assertTrue(TransientFailures.isTransient(new RuntimeException("JDBC exception executing SQL",
                new java.sql.SQLException("terminating connection due to administrator command", "57P01"))));
    }

    @Test
    void theCallsOwnFailuresAreNot() {
        Throwable looping = new IllegalStateException("a");
        Throwable other = new IllegalStateException("b", looping);
        looping.initCause(other);
        assertFalse(TransientFailures.isTransient(looping), "a cause chain that loops ends");
        assertFalse(TransientFailures.isTransient(new IllegalStateException("a bug")));
        assertFalse(TransientFailures.isTransient(postgres("23505", "duplicate key value violates unique constraint")));
        assertFalse(TransientFailures.isTransient(postgres("55000", "currval of sequence is not yet defined in this session")));
        assertFalse(TransientFailures.isTransient(postgres("42P01", "relation does not exist")));
        assertFalse(TransientFailures.isTransient(postgres("08P01", "bind message supplies 2 parameters, but prepared statement requires 1")));
        assertFalse(TransientFailures.isTransient(postgres("57P04", "database dropped")));
        assertFalse(TransientFailures.isTransient(new java.net.BindException("Address already in use")));
        assertFalse(TransientFailures.isTransient(new RuntimeException("JDBC", new java.sql.SQLException("duplicate key", "23505"))));
        assertFalse(TransientFailures.isTransient(new CompositeException(new IllegalStateException("one"), new IllegalArgumentException("two"))));
    }
}
