package dev.riff.eventstore.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.contracts.grpc.eventstore.v1.AppendRequest;
import dev.riff.contracts.grpc.eventstore.v1.AppendResponse;
import dev.riff.contracts.grpc.eventstore.v1.Direction;
import dev.riff.contracts.grpc.eventstore.v1.EventStoreGrpc;
import dev.riff.contracts.grpc.eventstore.v1.ExpectedVersion;
import dev.riff.contracts.grpc.eventstore.v1.NewEvent;
import dev.riff.contracts.grpc.eventstore.v1.ReadAllRequest;
import dev.riff.contracts.grpc.eventstore.v1.ReadStreamRequest;
import dev.riff.contracts.grpc.eventstore.v1.RecordedEvent;
import dev.riff.contracts.grpc.eventstore.v1.SubscribeRequest;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthGrpc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event store's gRPC API with grpc-java's own stubs, on the real PostgreSQL: appends with an
 * expected version, reads both ways, a catch-up subscription, deadlines, credentials and health.
 */
@QuarkusTest
class EventStoreGrpcTest {

    @TestHTTPResource("/")
    URL base;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(headers);
            }
        };
    }

    private EventStoreGrpc.EventStoreBlockingStub store() {
        return EventStoreGrpc.newBlockingStub(channel).withCallCredentials(bearer("riff-local-operator-token")).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static NewEvent event(String type, String json) {
        return NewEvent.newBuilder().setId(UUID.randomUUID().toString()).setType(type).setSource("/grpc-test").setDataJson(json).build();
    }

    private static AppendRequest append(String stream, ExpectedVersion expected, NewEvent... events) {
        return AppendRequest.newBuilder().setAggregateType("grpc-test").setAggregateId(stream).setExpectedVersion(expected)
                .addAllEvents(List.of(events)).build();
    }

    private static List<RecordedEvent> all(Iterator<RecordedEvent> events) {
        List<RecordedEvent> list = new ArrayList<>();
        events.forEachRemaining(list::add);
        return list;
    }

    @Test
    void appendsHonourTheExpectedVersionAndAConflictNamesTheActualOne() {
        String stream = UUID.randomUUID().toString();
        AppendResponse first = store().append(append(stream, ExpectedVersion.newBuilder().setNoStream(true).build(),
                event("test.thing-happened.v1", "{\"n\":1}"), event("test.thing-happened.v1", "{\"n\":2}")));
        assertTrue(first.getAppended());
        assertEquals(2, first.getStreamVersion());
        assertEquals(first.getFirstPosition() + 1, first.getLastPosition());

        NewEvent third = event("test.thing-happened.v1", "{\"n\":3}");
        assertEquals(3, store().append(append(stream, ExpectedVersion.newBuilder().setExact(2).build(), third)).getStreamVersion());
        assertFalse(store().append(append(stream, ExpectedVersion.newBuilder().setExact(2).build(), third)).getAppended(),
                "a retried append is answered, not stored twice");

        StatusRuntimeException conflict = assertThrows(StatusRuntimeException.class, () -> store().append(append(stream,
                ExpectedVersion.newBuilder().setExact(2).build(), event("test.thing-happened.v1", "{}"))));
        assertEquals(Status.Code.FAILED_PRECONDITION, conflict.getStatus().getCode());
        assertEquals("3", conflict.getTrailers().get(EventStoreGrpcService.ACTUAL_VERSION));
        assertThrows(StatusRuntimeException.class, () -> store().append(append(stream, ExpectedVersion.newBuilder().setNoStream(true).build(),
                event("test.thing-happened.v1", "{}"))));

        StatusRuntimeException invalid = assertThrows(StatusRuntimeException.class, () -> store().append(append(stream,
                ExpectedVersion.newBuilder().setAny(true).build(), event("NotAType", "{}"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
        assertTrue(invalid.getStatus().getDescription().startsWith("events[0].type"), invalid.getStatus().getDescription());
        assertEquals(3, all(store().readStream(ReadStreamRequest.newBuilder().setAggregateType("grpc-test").setAggregateId(stream).build())).size(),
                "refused appends stored nothing");
    }

    @Test
    void streamsAndTheLogReadForwardsAndBackwardsAcrossPages() {
        String stream = UUID.randomUUID().toString();
        int count = EventStoreGrpcService.PAGE + 20;
        for (int offset = 0; offset < count; offset += 100) {
            AppendRequest.Builder batch = AppendRequest.newBuilder().setAggregateType("grpc-test").setAggregateId(stream);
            for (int i = offset; i < Math.min(count, offset + 100); i++) {
                batch.addEvents(event("test.counted.v1", "{\"i\":" + i + "}"));
            }
            store().append(batch.build());
        }
        List<RecordedEvent> forwards = all(store().readStream(ReadStreamRequest.newBuilder().setAggregateType("grpc-test").setAggregateId(stream).build()));
        assertEquals(count, forwards.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i + 1, forwards.get(i).getAggregateVersion());
        }
        List<RecordedEvent> backwards = all(store().readStream(ReadStreamRequest.newBuilder().setAggregateType("grpc-test").setAggregateId(stream)
                .setDirection(Direction.BACKWARDS).setMaxCount(3).build()));
        assertEquals(List.of((long) count, (long) count - 1, (long) count - 2), backwards.stream().map(RecordedEvent::getAggregateVersion).toList());

        List<RecordedEvent> newest = all(store().readAll(ReadAllRequest.newBuilder().setDirection(Direction.BACKWARDS).setMaxCount(2).build()));
        assertEquals(2, newest.size());
        assertTrue(newest.get(0).getGlobalPosition() > newest.get(1).getGlobalPosition());
        long from = forwards.get(0).getGlobalPosition() - 1;
        List<RecordedEvent> log = all(store().readAll(ReadAllRequest.newBuilder().setPosition(from).setTypePrefix("test.counted").setMaxCount(count).build()));
        assertEquals(forwards.stream().map(RecordedEvent::getEventId).toList(), log.stream().map(RecordedEvent::getEventId).toList());
    }

    @Test
    void aSubscriptionDeliversHistoryThenLiveAndEndsAtItsDeadline() {
        String stream = UUID.randomUUID().toString();
        AppendResponse before = store().append(append(stream, ExpectedVersion.newBuilder().setAny(true).build(), event("test.subscribed.v1", "{}")));
        Iterator<RecordedEvent> subscription = EventStoreGrpc.newBlockingStub(channel).withCallCredentials(bearer("riff-local-operator-token"))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .subscribe(SubscribeRequest.newBuilder().setAfterPosition(before.getFirstPosition() - 1).setTypePrefix("test.subscribed").build());
        assertEquals(before.getFirstPosition(), subscription.next().getGlobalPosition(), "history first");
        AppendResponse live = store().append(append(stream, ExpectedVersion.newBuilder().setAny(true).build(), event("test.subscribed.v1", "{}")));
        assertEquals(live.getFirstPosition(), subscription.next().getGlobalPosition(), "then what is appended after");

        Iterator<RecordedEvent> shortLived = EventStoreGrpc.newBlockingStub(channel).withCallCredentials(bearer("riff-local-operator-token"))
                .withDeadlineAfter(500, TimeUnit.MILLISECONDS)
                .subscribe(SubscribeRequest.newBuilder().setAfterPosition(live.getLastPosition()).setTypePrefix("test.subscribed").build());
        StatusRuntimeException expired = assertThrows(StatusRuntimeException.class, shortLived::hasNext);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, expired.getStatus().getCode());
    }

    @Test
    void callsNeedACallersTokenAndTheMethodsScopeButHealthIsOpen() {
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class, () -> all(EventStoreGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).readAll(ReadAllRequest.newBuilder().setMaxCount(1).build())));
        assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
        StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class, () -> all(EventStoreGrpc.newBlockingStub(channel)
                .withCallCredentials(bearer("not-a-token")).withDeadlineAfter(10, TimeUnit.SECONDS).readAll(ReadAllRequest.newBuilder().setMaxCount(1).build())));
        assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
        StatusRuntimeException outsider = assertThrows(StatusRuntimeException.class, () -> EventStoreGrpc.newBlockingStub(channel)
                .withCallCredentials(bearer("riff-local-outsider-token")).withDeadlineAfter(10, TimeUnit.SECONDS)
                .append(append(UUID.randomUUID().toString(), ExpectedVersion.newBuilder().setAny(true).build(), event("test.thing-happened.v1", "{}"))));
        assertEquals(Status.Code.PERMISSION_DENIED, outsider.getStatus().getCode());

        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
    }
}
