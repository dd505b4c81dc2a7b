package dev.riff.eventstore.service;

import dev.riff.eventstore.domain.StoredEvent;
import dev.riff.support.reactive.TransientFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Catch-up subscriptions: history then live, as one loop that always reads by global position after
 * the last delivered event. History and live are the same query, so the switch can neither skip nor
 * repeat an event; positions are committed in order, so a later one is never seen before an earlier.
 * A subscription outlives PostgreSQL being unreachable: it reads on from its position when it returns.
 */
@ApplicationScoped
public class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class);

    private static final int PAGE = 500;
    /** Fallback for a missed notification or a lost LISTEN connection. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** The first and the longest wait before reading a page again while PostgreSQL is unreachable. */
    private static final Duration RETRY_FIRST = Duration.ofMillis(250);
    private static final Duration RETRY_LONGEST = Duration.ofSeconds(5);

    private final EventQueries queries;
    private final LiveSignal signal;

    private final AtomicInteger active = new AtomicInteger();
    /** Page reads that found PostgreSQL unreachable and will be tried again. */
    private final Counter waits;

    Subscriptions(EventQueries queries, LiveSignal signal) {
        this.queries = queries;
        this.signal = signal;
        Metrics.gauge("riff_eventstore_subscriptions_active", active);
        waits = Metrics.counter("riff_eventstore_subscription_database_waits");
    }

    /** Every matching event after {@code position}, in order, without end. */
    public Multi<StoredEvent> after(long position, String typePrefix, String guildId) {
        AtomicLong last = new AtomicLong(position);
        return Multi.createBy().repeating().uni(() -> page(last, typePrefix, guildId)).indefinitely()
                .onItem().transformToIterable(page -> page)
                // Counted while open, so an operator (and a test) sees a cancelled subscriber let go.
                .onSubscription().invoke(active::incrementAndGet)
                .onTermination().invoke(active::decrementAndGet);
    }

    private Uni<List<StoredEvent>> page(AtomicLong last, String typePrefix, String guildId) {
        // Taken before reading: an append committed after the read fires it, so no wake-up is lost.
        CompletableFuture<Void> appended = signal.next();
        // A restart or failover of PostgreSQL is waited out: the subscriber keeps its stream and its
        // position, and reads on from it once the database answers again.
        Uni<List<StoredEvent>> read = Uni.createFrom().deferred(() -> queries.after(last.get(), PAGE, typePrefix, guildId))
                .onFailure(TransientFailures::isTransient).invoke(failure -> {
                    waits.increment();
                    LOG.warnf("A subscription waits for PostgreSQL: %s", failure);
                })
                .onFailure(TransientFailures::isTransient).retry().withBackOff(RETRY_FIRST, RETRY_LONGEST).indefinitely();
        return read.chain(page -> {
            if (!page.isEmpty()) {
                last.set(page.getLast().globalPosition);
                return Uni.createFrom().item(page);
            }
            // A copy: a timeout or a disconnect cancels what it waits on, and the signal is shared.
            return Uni.createFrom().completionStage(appended.copy())
                    .ifNoItem().after(POLL).recoverWithItem((Void) null)
                    .replaceWith(page);
        });
    }
}
