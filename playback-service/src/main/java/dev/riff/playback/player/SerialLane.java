package dev.riff.playback.player;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a guild's work one piece at a time, in the order it was handed in. Commands from the guild's
 * ordered stream and lavaplayer's track events both pass through it, so a track ending can never
 * interleave with a {@code stop} or {@code clear} arriving at the same moment.
 */
public final class SerialLane {

    /** A piece of work that never finishes must not silence the guild for ever. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /**
     * Queues {@code work} behind everything handed in before; it starts once they have finished
     * (succeeded or failed). Work handed in by running work queues behind it, it does not nest.
     */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        CompletableFuture<Void> finished = done.handle((item, failure) -> null);
        CompletableFuture<Void> previous;
        synchronized (this) {
            previous = tail;
            tail = finished;
        }
        previous.whenComplete((item, failure) -> start(work, done));
        return Uni.createFrom().completionStage(done);
    }

    private static <T> void start(Supplier<Uni<T>> work, CompletableFuture<T> done) {
        try {
            work.get().ifNoItem().after(STALL_LIMIT).failWith(() -> new TimeoutException("guild work stalled for " + STALL_LIMIT))
                    .subscribe().with(done::complete, done::completeExceptionally);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}
