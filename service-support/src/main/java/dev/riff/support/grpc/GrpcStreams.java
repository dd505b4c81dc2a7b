package dev.riff.support.grpc;

import dev.riff.support.reactive.TransientFailures;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Mutiny answers on grpc-java's server calls, with gRPC's flow control. Quarkus' Mutiny stubs take a
 * stream's items as fast as they come and queue them in the transport, so a client that stops
 * reading would hold them all in memory; here an item is asked for only while the call can send
 * ({@code isReady}), so a slow client slows its own source instead. A cancelled call cancels its
 * source, and a failure that is not a gRPC status goes out without its details: UNAVAILABLE when a
 * dependency is down (the client may retry), else INTERNAL.
 */
public final class GrpcStreams {

    private static final Logger LOG = Logger.getLogger(GrpcStreams.class);

    private GrpcStreams() {
    }

    /** A unary call's answer. */
    public static <T> void answer(Uni<T> answer, StreamObserver<T> observer) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
        AtomicReference<Cancellable> running = new AtomicReference<>();
        call.setOnCancelHandler(() -> {
            Cancellable cancellable = running.get();
            if (cancellable != null) {
                cancellable.cancel();
            }
        });
        running.set(answer.subscribe().with(item -> {
            if (!call.isCancelled()) {
                call.onNext(item);
                call.onCompleted();
            }
        }, failure -> fail(call, failure)));
    }

    /** A server stream's items, each taken from {@code items} only when the client can receive it. */
    public static <T> void stream(Multi<T> items, StreamObserver<T> observer) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
        FlowControlled<T> subscriber = new FlowControlled<>(call);
        // Both handlers must be set before the method returns; they act once the subscription exists.
        call.setOnReadyHandler(subscriber::askIfReady);
        call.setOnCancelHandler(subscriber::cancel);
        // Items are sent on the call's own event loop: a write from another thread (a Kafka consumer's,
        // say) would only be queued for it, and the call would look ready while its writes pile up.
        Context callContext = Vertx.currentContext();
        Multi<T> onCallContext = callContext == null ? items : items.emitOn(task -> callContext.runOnContext(ignored -> task.run()));
        onCallContext.subscribe().withSubscriber(subscriber);
    }

    private static void fail(ServerCallStreamObserver<?> call, Throwable failure) {
        if (call.isCancelled()) {
            return;
        }
        if (failure instanceof StatusRuntimeException || failure instanceof StatusException) {
            call.onError(failure);
            return;
        }
        if (TransientFailures.isTransient(failure)) {
            LOG.warnf("A gRPC call failed on a dependency that is down: %s", failure);
            call.onError(Status.UNAVAILABLE.withDescription("a dependency is unavailable, try again").asRuntimeException());
            return;
        }
        LOG.errorf(failure, "A gRPC call failed");
        call.onError(Status.INTERNAL.withDescription("internal error").asRuntimeException());
    }

    /** Holds at most one asked-for item at a time: the next is asked for when the last has gone out and the call is ready. */
    private static final class FlowControlled<T> implements MultiSubscriber<T> {

        private final ServerCallStreamObserver<T> call;
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private final AtomicBoolean asked = new AtomicBoolean();
        private volatile boolean cancelled;

        FlowControlled(ServerCallStreamObserver<T> call) {
            this.call = call;
        }

        @Override
        public void onSubscribe(Flow.Subscription upstream) {
            subscription.set(upstream);
            if (cancelled) {
                upstream.cancel();
                return;
            }
            askIfReady();
        }

        void askIfReady() {
            Flow.Subscription upstream = subscription.get();
            if (upstream != null && !cancelled && call.isReady() && asked.compareAndSet(false, true)) {
                upstream.request(1);
            }
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription upstream = subscription.get();
            if (upstream != null) {
                upstream.cancel();
            }
        }

        @Override
        public void onItem(T item) {
            if (cancelled) {
                return;
            }
            call.onNext(item);
            asked.set(false);
            askIfReady();
        }

        @Override
        public void onFailure(Throwable failure) {
            fail(call, failure);
        }

        @Override
        public void onCompletion() {
            if (!cancelled && !call.isCancelled()) {
                call.onCompleted();
            }
        }
    }
}
