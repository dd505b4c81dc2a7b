package dev.riff.eventstore.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.grpc.eventstore.v1.AppendRequest;
import dev.riff.contracts.grpc.eventstore.v1.AppendResponse;
import dev.riff.contracts.grpc.eventstore.v1.Direction;
import dev.riff.contracts.grpc.eventstore.v1.EventStoreGrpc;
import dev.riff.contracts.grpc.eventstore.v1.NewEvent;
import dev.riff.contracts.grpc.eventstore.v1.ReadAllRequest;
import dev.riff.contracts.grpc.eventstore.v1.ReadStreamRequest;
import dev.riff.contracts.grpc.eventstore.v1.RecordedEvent;
import dev.riff.contracts.grpc.eventstore.v1.SubscribeRequest;
import dev.riff.eventstore.domain.EventRules;
import dev.riff.eventstore.domain.ExpectedVersion;
import dev.riff.eventstore.domain.StoredEvent;
import dev.riff.eventstore.service.EventAppender;
import dev.riff.eventstore.service.EventQueries;
import dev.riff.eventstore.service.Subscriptions;
import dev.riff.eventstore.service.WrongExpectedVersionException;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.grpc.GrpcStreams;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The event store over gRPC (riff.eventstore.v1.EventStore), on the same service code as the REST
 * API: the same rules for appends, the same queries and the same catch-up subscriptions. Reads are
 * server streams fetched a page at a time as the client takes them ({@link GrpcStreams}: gRPC flow
 * control), so a slow reader holds one page, never the log.
 */
@GrpcService
public class EventStoreGrpcService extends EventStoreGrpc.EventStoreImplBase {

    /** Events fetched per query; a stream asks for the next page when the client has taken this one. */
    static final int PAGE = 500;
    /** The trailer that carries a stream's actual version when an append expected another. */
    public static final Metadata.Key<String> ACTUAL_VERSION = Metadata.Key.of("actual-version", Metadata.ASCII_STRING_MARSHALLER);

    private final EventAppender appender;
    private final EventQueries queries;
    private final Subscriptions subscriptions;

    EventStoreGrpcService(EventAppender appender, EventQueries queries, Subscriptions subscriptions) {
        this.appender = appender;
        this.queries = queries;
        this.subscriptions = subscriptions;
    }

    @Override
    @RequiresScope("eventstore:append")
    public void append(AppendRequest request, StreamObserver<AppendResponse> observer) {
        GrpcStreams.answer(append(request), observer);
    }

    private Uni<AppendResponse> append(AppendRequest request) {
        if (!request.getAggregateType().matches(EventRules.AGGREGATE_TYPE)) {
            return invalid("aggregateType", "must be a lower-case aggregate type");
        }
        List<CloudEvent> events = new ArrayList<>(request.getEventsCount());
        for (int i = 0; i < request.getEventsCount(); i++) {
            NewEvent event = request.getEvents(i);
            JsonNode data;
            try {
                data = event.getDataJson().isEmpty() ? null : CloudEventCodec.mapper().readTree(event.getDataJson());
            } catch (Exception e) {
                return invalid("events[" + i + "].dataJson", "must be a JSON document");
            }
            Instant time = event.hasTime() ? Instant.ofEpochSecond(event.getTime().getSeconds(), event.getTime().getNanos()) : null;
            events.add(EventRules.newEvent(request.getAggregateType(), request.getAggregateId(), event.getId(), event.getType(),
                    event.getSource(), time, event.getGuildId().isEmpty() ? null : event.getGuildId(), data));
        }
        var broken = EventRules.checkAppend(events);
        if (broken.isPresent()) {
            return invalid(broken.get().field(), broken.get().reason());
        }
        ExpectedVersion expected = !request.hasExpectedVersion() ? ExpectedVersion.ANY : switch (request.getExpectedVersion().getExpectedCase()) {
            case NO_STREAM -> ExpectedVersion.NO_STREAM;
            case EXACT -> request.getExpectedVersion().getExact() >= 1 ? new ExpectedVersion(request.getExpectedVersion().getExact()) : null;
            case ANY, EXPECTED_NOT_SET -> ExpectedVersion.ANY;
        };
        if (expected == null) {
            return invalid("expectedVersion.exact", "must be a version >= 1 (use noStream for a stream that does not exist)");
        }
        return appender.appendToStream(request.getAggregateType(), request.getAggregateId(), expected, events)
                .map(result -> AppendResponse.newBuilder().setAppended(result.outcome() == EventAppender.Outcome.APPENDED)
                        .setStreamVersion(result.streamVersion()).setFirstPosition(result.firstPosition())
                        .setLastPosition(result.lastPosition()).build())
                .onFailure(WrongExpectedVersionException.class).transform(failure -> {
                    Long actual = ((WrongExpectedVersionException) failure).actualVersion();
                    Metadata trailers = new Metadata();
                    if (actual != null) {
                        trailers.put(ACTUAL_VERSION, Long.toString(actual));
                    }
                    return Status.FAILED_PRECONDITION.withDescription(failure.getMessage()).asRuntimeException(trailers);
                });
    }

    @Override
    @RequiresScope("eventstore:read")
    public void readStream(ReadStreamRequest request, StreamObserver<RecordedEvent> observer) {
        GrpcStreams.stream(readStream(request), observer);
    }

    private Multi<RecordedEvent> readStream(ReadStreamRequest request) {
        boolean forwards = request.getDirection() != Direction.BACKWARDS;
        long limit = request.getMaxCount() == 0 ? Long.MAX_VALUE : request.getMaxCount();
        // The next version to read, moved past each page (from the start, or the end backwards, when none is given).
        AtomicLong next = new AtomicLong(request.hasFromVersion() ? request.getFromVersion() : forwards ? 0 : Long.MAX_VALUE);
        return pages(() -> queries.stream(request.getAggregateType(), request.getAggregateId(), next.get(), forwards, PAGE)
                        .invoke(page -> {
                            if (!page.isEmpty()) {
                                next.set(page.getLast().aggregateVersion + (forwards ? 1 : -1));
                            }
                        }))
                .select().first(limit).map(EventStoreGrpcService::recorded);
    }

    @Override
    @RequiresScope("eventstore:read")
    public void readAll(ReadAllRequest request, StreamObserver<RecordedEvent> observer) {
        GrpcStreams.stream(readAll(request), observer);
    }

    private Multi<RecordedEvent> readAll(ReadAllRequest request) {
        boolean forwards = request.getDirection() != Direction.BACKWARDS;
        long limit = request.getMaxCount() == 0 ? Long.MAX_VALUE : request.getMaxCount();
        String typePrefix = request.getTypePrefix().isEmpty() ? null : request.getTypePrefix();
        String guildId = request.getGuildId().isEmpty() ? null : request.getGuildId();
        AtomicLong position = new AtomicLong(request.hasPosition() ? request.getPosition() : forwards ? 0 : Long.MAX_VALUE);
        return pages(() -> (forwards ? queries.after(position.get(), PAGE, typePrefix, guildId) : queries.before(position.get(), PAGE, typePrefix, guildId))
                        .invoke(page -> {
                            if (!page.isEmpty()) {
                                position.set(page.getLast().globalPosition);
                            }
                        }))
                .select().first(limit).map(EventStoreGrpcService::recorded);
    }

    @Override
    @RequiresScope("eventstore:read")
    public void subscribe(SubscribeRequest request, StreamObserver<RecordedEvent> observer) {
        GrpcStreams.stream(subscribe(request), observer);
    }

    private Multi<RecordedEvent> subscribe(SubscribeRequest request) {
        return subscriptions.after(request.getAfterPosition(), request.getTypePrefix().isEmpty() ? null : request.getTypePrefix(),
                request.getGuildId().isEmpty() ? null : request.getGuildId()).map(EventStoreGrpcService::recorded);
    }

    /** Pages read one after another as the subscriber asks, until one comes back empty. */
    private static Multi<StoredEvent> pages(Supplier<Uni<? extends List<StoredEvent>>> nextPage) {
        return Multi.createBy().repeating().uni(nextPage).whilst(page -> page.size() == PAGE)
                .onItem().transformToIterable(page -> page);
    }

    static RecordedEvent recorded(StoredEvent event) {
        RecordedEvent.Builder recorded = RecordedEvent.newBuilder().setGlobalPosition(event.globalPosition).setEventId(event.eventId)
                .setType(event.eventType).setSource(event.source).setAggregateType(event.aggregateType).setAggregateId(event.aggregateId)
                .setAggregateVersion(event.aggregateVersion).setTime(timestamp(event.timestamp)).setStoredAt(timestamp(event.createdAt))
                .setDataJson(event.eventData == null ? "" : event.eventData);
        if (event.guildId != null) {
            recorded.setGuildId(event.guildId);
        }
        return recorded.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static <T> Uni<T> invalid(String field, String reason) {
        return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(field + ": " + reason).asRuntimeException());
    }
}
