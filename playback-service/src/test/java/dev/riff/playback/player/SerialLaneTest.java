package dev.riff.playback.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The guild lane: one piece of work at a time, in the order handed in, whatever each piece does. */
class SerialLaneTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void workRunsOneAtATimeInTheOrderHandedIn() {
        SerialLane lane = new SerialLane();
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstMayFinish = new CompletableFuture<>();
        Uni<String> first = lane.run(() -> {
            log.add("first started");
            return Uni.createFrom().completionStage(firstMayFinish).invoke(() -> log.add("first finished")).replaceWith("1");
        });
        Uni<String> second = lane.run(() -> {
            log.add("second started");
            return Uni.createFrom().item("2");
        });
        assertEquals(List.of("first started"), log, "the second waits while the first has not finished");
        firstMayFinish.complete(null);
        assertEquals("1", first.await().atMost(WAIT));
        assertEquals("2", second.await().atMost(WAIT));
        assertEquals(List.of("first started", "first finished", "second started"), log);
    }

    @Test
    void workHandedInByRunningWorkQueuesBehindItInsteadOfNesting() {
        SerialLane lane = new SerialLane();
        List<String> log = new CopyOnWriteArrayList<>();
        lane.run(() -> {
            log.add("outer started");
            lane.run(() -> {
                log.add("inner");
                return Uni.createFrom().voidItem();
            });
            log.add("outer finished");
            return Uni.createFrom().voidItem();
        }).await().atMost(WAIT);
        lane.run(() -> Uni.createFrom().voidItem()).await().atMost(WAIT);
        assertEquals(List.of("outer started", "outer finished", "inner"), log);
    }

    @Test
    void aFailureOrAThrowDoesNotStopTheWorkBehindIt() {
        SerialLane lane = new SerialLane();
        Uni<Void> failing = lane.run(() -> Uni.createFrom().failure(new IllegalStateException("no database")));
        Uni<Void> throwing = lane.run(() -> {
            throw new IllegalArgumentException("bad");
        });
        Uni<String> after = lane.run(() -> Uni.createFrom().item("still runs"));
        assertEquals("still runs", after.await().atMost(WAIT));
        assertThrows(IllegalStateException.class, () -> failing.await().atMost(WAIT));
        assertThrows(IllegalArgumentException.class, () -> throwing.await().atMost(WAIT));
    }
}
