package dev.riff.support.reactive;

import io.smallrye.common.vertx.VertxContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.concurrent.Callable;
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

    /**
     * Runs blocking code (an SDK's HTTP call) on a worker thread and resumes on the caller's Vert.x
     * context, so a Hibernate Reactive session or transaction begun there goes on after it.
     */
    public static <T> Uni<T> blocking(Callable<T> call) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return call.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(call, false).toCompletionStage());
    }
}
