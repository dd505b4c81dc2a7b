package dev.riff.support.reactive;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Set;

/**
 * Failures that say a dependency is down or restarting, not that the call was wrong: the same call
 * may succeed later. Callers wait these out (a subscription) or pass them on as retryable (gRPC
 * UNAVAILABLE) instead of treating them as a bug.
 */
public final class TransientFailures {

    /**
     * PostgreSQL's SQLSTATE classes and codes for a server that dropped or refused the connection:
     * connection exceptions (08, but not 08P01, a protocol violation), insufficient resources such as
     * too many connections (53, but not 53400, a configured limit), an operator's or a crash's shutdown
     * and a server still starting (57P01–57P03, 57P05; not 57P04, a dropped database), and a database
     * that is not accepting connections for now (55000 with that message: ALLOW_CONNECTIONS false;
     * the same code means other, permanent things elsewhere).
     */
    private static final Set<String> CLASSES = Set.of("08", "53");
    private static final Set<String> CODES = Set.of("57P01", "57P02", "57P03", "57P05");
    private static final Set<String> PERMANENT = Set.of("08P01", "53400");
    /** Messages of a plain IOException (NIO, Netty) for a connection the other side reset or closed. */
    private static final List<String> BROKEN_CONNECTION = List.of("Connection reset", "Broken pipe", "Connection refused");
    /** Causes followed at most: a chain that loops back on itself ends here. */
    private static final int DEPTH = 16;

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return false; // this process cannot listen: not the other side's outage
            }
            // Refused, reset or broken connections (ConnectException is one), and channels closed under a call.
            if (cause instanceof SocketException || cause instanceof ClosedChannelException || cause instanceof ClosedConnectionException
                    || cause instanceof HttpClosedException || cause instanceof SQLTransientException) {
                return true;
            }
            if (cause instanceof IOException && cause.getMessage() != null && BROKEN_CONNECTION.stream().anyMatch(cause.getMessage()::contains)) {
                return true;
            }
            if (cause instanceof CompositeException composite && composite.getCauses().stream().anyMatch(TransientFailures::isTransient)) {
                return true;
            }
            // The Vert.x client's exception, or the JDBC one Hibernate Reactive puts in its place.
            String state = cause instanceof DatabaseException database ? database.getSqlState()
                    : cause instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && isTransientState(state, cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientState(String state, String message) {
        if (PERMANENT.contains(state)) {
            return false;
        }
        return CODES.contains(state) || (state.length() == 5 && CLASSES.contains(state.substring(0, 2)))
                || ("55000".equals(state) && String.valueOf(message).contains("not currently accepting connections"));
    }
}
