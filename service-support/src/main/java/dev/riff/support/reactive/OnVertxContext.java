package dev.riff.support.reactive;

import io.smallrye.common.vertx.VertxContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs reactive work that needs its own Vert.x event-loop context (Hibernate Reactive sessions)
 * when it is started from JDA's threads or from worker threads.
 */
@ApplicationScoped
public class OnVertxContext {

    private final Vertx vertx;

    OnVertxContext(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Always on a new duplicated context: callers may be on JDA, worker or event-loop threads. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return run(vertx, work);
    }

    /** Runs {@code work} in one Hibernate Reactive transaction, on a new duplicated context. */
    public <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return run(() -> Panache.withTransaction(work));
    }

    /** The same, for code that is not a bean (a consumer's retry loop, which resumes on a timer thread). */
    public static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
            // A fresh duplicated context belongs to this work alone, which Hibernate Reactive requires.
            VertxContextSafetyToggle.setContextSafe(context, true);
            // deferred: a supplier that throws fails the Uni instead of escaping into the event loop and leaving it pending.
            context.runOnContext(ignored -> Uni.createFrom().<T>deferred(work::get).subscribe().with(emitter::complete, emitter::fail));
        });
    }
}
