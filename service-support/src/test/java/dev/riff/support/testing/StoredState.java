package dev.riff.support.testing;

import io.quarkus.arc.Arc;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * A digest of everything a service keeps in its database, to tell whether a request changed it:
 * per table, its row count and its newest row version (transaction id).
 * The outbox's rows come and go as the relay publishes them, so the outbox counts by its id
 * sequence instead: any event ever written moves it.
 */
public final class StoredState {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private StoredState() {
    }

    /** The digest, leaving out the named tables (ones a service changes on its own, on a timer). */
    public static String digest(Set<String> changedInTheBackground) {
        Pool pool = Arc.container().instance(Pool.class).get();
        Set<String> tables = new TreeSet<>();
        for (Row row : pool.query("select table_name from information_schema.tables where table_schema = current_schema()"
                + " and table_type = 'BASE TABLE'").execute().await().atMost(WAIT)) {
            tables.add(row.getString(0));
        }
        tables.remove("flyway_schema_history");
        tables.removeAll(changedInTheBackground);
        StringBuilder digest = new StringBuilder();
        for (String table : tables) {
            String sql = table.equals("outbox_event")
                    ? "select last_value::text || '/' || is_called::text from outbox_event_id_seq"
                    // Rows and the newest row version: an insert adds a row, a delete removes one, an update
                    // writes a row version with a newer transaction id. Cheap on an event log of any size.
                    : "select count(*)::text || '/' || coalesce(max(xmin::text::bigint), 0)::text from \"" + table + "\"";
            digest.append(table).append('=').append(pool.query(sql).execute().await().atMost(WAIT).iterator().next().getString(0)).append(' ');
        }
        return digest.toString();
    }
}
