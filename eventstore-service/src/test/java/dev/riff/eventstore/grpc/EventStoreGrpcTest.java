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
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthGrpc;
import dev.riff.support.testing.Management;
import dev.riff.support.auth.BearerCredentials;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
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


    private EventStoreGrpc.EventStoreBlockingStub store() {
        return EventStoreGrpc.newBlockingStub(channel).withCallCredentials(BearerCredentials.of("riff-local-operator-token")).withDeadlineAfter(30, TimeUnit.SECONDS);
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
        Iterator<RecordedEvent> subscription = EventStoreGrpc.newBlockingStub(channel).withCallCredentials(BearerCredentials.of("riff-local-operator-token"))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .subscribe(SubscribeRequest.newBuilder().setAfterPosition(before.getFirstPosition() - 1).setTypePrefix("test.subscribed").build());
        assertEquals(before.getFirstPosition(), subscription.next().getGlobalPosition(), "history first");
        AppendResponse live = store().append(append(stream, ExpectedVersion.newBuilder().setAny(true).build(), event("test.subscribed.v1", "{}")));
        assertEquals(live.getFirstPosition(), subscription.next().getGlobalPosition(), "then what is appended after");

        Iterator<RecordedEvent> shortLived = EventStoreGrpc.newBlockingStub(channel).withCallCredentials(BearerCredentials.of("riff-local-operator-token"))
                .withDeadlineAfter(500, TimeUnit.MILLISECONDS)
                .subscribe(SubscribeRequest.newBuilder().setAfterPosition(live.getLastPosition()).setTypePrefix("test.subscribed").build());
        StatusRuntimeException expired = assertThrows(StatusRuntimeException.class, shortLived::hasNext);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, expired.getStatus().getCode());
    }

    /** A metric's value summed over its series, as the service's metrics endpoint shows it. */
    private static double metric(String name) {
        return Management.management().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Open subscriptions, as the service's metrics count them. */
    private static int activeSubscriptions() {
        return (int) metric("riff_eventstore_subscriptions_active");
    }

    /**
     * A subscriber that asks for 10 events at a time falls 1,200 events behind, reads them in order
     * at its own pace, then gets the live ones; cancelling it ends the server's subscription.
     */
    @Test
    void aSlowSubscriberCatchesUpInOrderAndCancellingFreesTheSubscription() throws Exception {
        String type = "test.caught-up-" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
        String stream = UUID.randomUUID().toString();
        List<Long> appended = new ArrayList<>();
        for (int batch = 0; batch < 12; batch++) {
            AppendRequest.Builder request = AppendRequest.newBuilder().setAggregateType("grpc-test").setAggregateId(stream);
            for (int i = 0; i < 100; i++) {
                request.addEvents(event(type, "{}"));
            }
            AppendResponse response = store().append(request.build());
            for (long position = response.getFirstPosition(); position <= response.getLastPosition(); position++) {
                appended.add(position);
            }
        }
        int before = activeSubscriptions();
        List<Long> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        var requested = new java.util.concurrent.atomic.AtomicReference<io.grpc.stub.ClientCallStreamObserver<SubscribeRequest>>();
        EventStoreGrpc.newStub(channel).withCallCredentials(BearerCredentials.of("riff-local-operator-token")).subscribe(
                SubscribeRequest.newBuilder().setAfterPosition(appended.get(0) - 1).setTypePrefix(type).build(),
                new io.grpc.stub.ClientResponseObserver<SubscribeRequest, RecordedEvent>() {
                    @Override
                    public void beforeStart(io.grpc.stub.ClientCallStreamObserver<SubscribeRequest> call) {
                        call.disableAutoRequestWithInitial(10);
                        requested.set(call);
                    }

                    @Override
                    public void onNext(RecordedEvent event) {
                        received.add(event.getGlobalPosition());
                        if (received.size() % 10 == 0) {
                            requested.get().request(10);
                        }
                    }

                    @Override
                    public void onError(Throwable failure) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> received.size() >= appended.size());
        assertEquals(appended, received.subList(0, appended.size()), "every event, in order, none twice");
        AppendResponse live = store().append(append(stream, ExpectedVersion.newBuilder().setAny(true).build(), event(type, "{}")));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> received.contains(live.getFirstPosition()));
        assertEquals(before + 1, activeSubscriptions());

        requested.get().cancel("the test is done", null);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> activeSubscriptions() == before);
    }

    /**
     * PostgreSQL drops every connection of the service and refuses new ones for a while, as in a
     * restart or a failover. An append meanwhile is refused UNAVAILABLE (its caller may retry it) and a
     * REST read 503 with Retry-After; a subscription open across the outage keeps its stream and, once
     * the database is back, delivers what was appended after it, each event once and in order.
     */
    @Test
    void aSubscriptionWaitsOutADatabaseOutageAndMissesNothing() throws Exception {
        String type = "test.outage-" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
        String stream = UUID.randomUUID().toString();
        AppendResponse before = store().append(append(stream, ExpectedVersion.newBuilder().setAny(true).build(), event(type, "{\"n\":1}")));
        List<Long> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        var ended = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        EventStoreGrpc.newStub(channel).withCallCredentials(BearerCredentials.of("riff-local-operator-token")).withDeadlineAfter(120, TimeUnit.SECONDS)
                .subscribe(SubscribeRequest.newBuilder().setAfterPosition(before.getFirstPosition() - 1).setTypePrefix(type).build(),
                        new io.grpc.stub.StreamObserver<>() {
                            @Override
                            public void onNext(RecordedEvent event) {
                                received.add(event.getGlobalPosition());
                            }

                            @Override
                            public void onError(Throwable failure) {
                                ended.set(failure);
                            }

                            @Override
                            public void onCompleted() {
                                ended.set(new IllegalStateException("completed"));
                            }
                        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> received.contains(before.getFirstPosition()));

        // The outage is caused from the server's own maintenance database, as an operator would: a
        // database cannot refuse connections while the session asking is one of them.
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String name = url.replaceFirst("^jdbc:postgresql://[^/]+/([^?]+).*$", "$1");
        try (java.sql.Connection database = java.sql.DriverManager.getConnection(url.replaceFirst("/" + name, "/postgres"),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""))) {
            database.createStatement().execute("alter database \"" + name + "\" allow_connections false");
            try {
                double waitsBefore = metric("riff_eventstore_subscription_database_waits_total");
                database.createStatement().execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
                // pg_terminate_backend only signals: the backends are gone when the server no longer lists them.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                    try (var rows = database.createStatement().executeQuery("select count(*) from pg_stat_activity where datname = '" + name + "'")) {
                        rows.next();
                        return rows.getInt(1) == 0;
                    }
                });
                StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> store().append(append(stream,
                        ExpectedVersion.newBuilder().setAny(true).build(), event(type, "{\"n\":0}"))));
                assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused::toString);
                var overRest = io.restassured.RestAssured.given().get("/api/v1/streams/grpc-test/" + stream).then().extract();
                assertEquals(503, overRest.statusCode(), "REST says the same: " + overRest.asString());
                assertEquals("1", overRest.header("Retry-After"));
                assertEquals("https://riff.dev/problems/unavailable", overRest.jsonPath().getString("type"));
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> metric("riff_eventstore_subscription_database_waits_total") >= waitsBefore + 2);
            } finally {
                database.createStatement().execute("alter database \"" + name + "\" allow_connections true");
            }
        }
        assertEquals(List.of(before.getFirstPosition()), received, "nothing was delivered that was not stored");

        NewEvent next = event(type, "{\"n\":2}");
        AppendResponse after = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> store().append(append(stream, ExpectedVersion.newBuilder().setAny(true).build(), next)), java.util.Objects::nonNull);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> received.contains(after.getFirstPosition()));
        assertEquals(List.of(before.getFirstPosition(), after.getFirstPosition()), received, "each event once, in order");
        assertEquals(null, ended.get(), "the subscription's stream stayed open across the outage");
    }

    /** What grpcurl does first: list the services through server reflection (open, as health is). */
    @Test
    void reflectionListsTheEventStoreForStandardTools() throws Exception {
        var services = new java.util.concurrent.CompletableFuture<List<String>>();
        io.grpc.stub.StreamObserver<io.grpc.reflection.v1.ServerReflectionRequest> requests = io.grpc.reflection.v1.ServerReflectionGrpc
                .newStub(channel).serverReflectionInfo(new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(io.grpc.reflection.v1.ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(io.grpc.reflection.v1.ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable failure) {
                        services.completeExceptionally(failure);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("*").build());
        List<String> names = services.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        assertTrue(names.contains("riff.eventstore.v1.EventStore"), names::toString);
        assertTrue(names.contains("grpc.health.v1.Health"), names::toString);
    }

    @Test
    void callsNeedACallersTokenAndTheMethodsScopeButHealthIsOpen() {
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class, () -> all(EventStoreGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).readAll(ReadAllRequest.newBuilder().setMaxCount(1).build())));
        assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
        StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class, () -> all(EventStoreGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerCredentials.of("not-a-token")).withDeadlineAfter(10, TimeUnit.SECONDS).readAll(ReadAllRequest.newBuilder().setMaxCount(1).build())));
        assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
        StatusRuntimeException outsider = assertThrows(StatusRuntimeException.class, () -> EventStoreGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerCredentials.of("riff-local-outsider-token")).withDeadlineAfter(10, TimeUnit.SECONDS)
                .append(append(UUID.randomUUID().toString(), ExpectedVersion.newBuilder().setAny(true).build(), event("test.thing-happened.v1", "{}"))));
        assertEquals(Status.Code.PERMISSION_DENIED, outsider.getStatus().getCode());

        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
    }
}
