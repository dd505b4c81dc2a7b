package dev.riff.support.reactive;

import io.smallrye.mutiny.CompositeException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Failures that say a dependency is down or restarting, not that the call was wrong: the same call
 * may succeed later. Callers wait these out (a subscription) or pass them on as retryable (gRPC
 * UNAVAILABLE) instead of treating them as a bug.
 */
public final class TransientFailures {

    /**
     * PostgreSQL's SQLSTATE classes and codes for a server that dropped or refused the connection:
     * connection exceptions (08), insufficient resources such as too many connections (53), an
     * operator's or a crash's shutdown and a server still starting (57P01–57P05), and a database
     * that is not accepting connections for now (55000 with that message: ALLOW_CONNECTIONS false;
     * the same code means other, permanent things elsewhere).
     */
    private static final Set<String> CLASSES = Set.of("08", "53");
    private static final Set<String> CODES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // Refused, reset or broken connections (ConnectException is one), and channels closed under a call.
            if (cause instanceof SocketException || cause instanceof ClosedChannelException || cause instanceof ClosedConnectionException
                    || cause instanceof SQLTransientException) {
                return true;
            }
            if (cause instanceof CompositeException composite && composite.getCauses().stream().anyMatch(TransientFailures::isTransient)) {
                return true;
            }
            if (cause instanceof DatabaseException database && database.getSqlState() != null) {
                String state = database.getSqlState();
                if (CODES.contains(state) || (state.length() == 5 && CLASSES.contains(state.substring(0, 2)))
                        || ("55000".equals(state) && String.valueOf(database.getMessage()).contains("not currently accepting connections"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
