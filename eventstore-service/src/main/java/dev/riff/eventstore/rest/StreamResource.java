package dev.riff.eventstore.rest;

import dev.riff.support.rest.Snowflake;
import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.eventstore.domain.EventRules;
import dev.riff.eventstore.domain.ExpectedVersion;
import dev.riff.eventstore.service.EventAppender.Outcome;
import dev.riff.eventstore.service.EventAppender;
import dev.riff.eventstore.service.EventQueries;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.rest.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** One aggregate's stream: optimistic-concurrency appends and reads by version. */
@Path("/api/v1/streams/{aggregateType}/{aggregateId}")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    static final String AGGREGATE_TYPE = EventRules.AGGREGATE_TYPE;

    /** One event to append; {@code id} makes a retried append idempotent. */
    public record NewEvent(
            @NotBlank @Size(max = 200) String id,
            @NotNull @Size(max = 200) @Pattern(regexp = EventRules.TYPE_PATTERN, message = "must look like domain.event-name.vN") String type,
            @NotBlank @Size(max = 200) String source,
            Instant time,
            @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            JsonNode data) {
    }

    /** @param expectedVersion any (default), no-stream, or the stream's current version */
    public record AppendRequest(String expectedVersion, @NotEmpty @Size(max = 1000) List<@Valid @NotNull NewEvent> events) {
    }

    public record AppendResponse(boolean appended, long streamVersion, long firstPosition, long lastPosition) {
    }

    private final EventAppender appender;
    private final EventQueries queries;

    StreamResource(EventAppender appender, EventQueries queries) {
        this.appender = appender;
        this.queries = queries;
    }

    @RequiresScope("eventstore:append")
    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Append events atomically if the stream is at the expected version (409 otherwise); 200 when all were appended before")
    public Uni<Response> append(
            @PathParam("aggregateType") @Pattern(regexp = AGGREGATE_TYPE, message = "must be a lower-case aggregate type") String aggregateType,
            @PathParam("aggregateId") @Size(max = 200) String aggregateId,
            @NotNull @Valid AppendRequest request) {
        ExpectedVersion expected;
        try {
            expected = ExpectedVersion.parse(request.expectedVersion());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("expectedVersion", e.getMessage());
        }
        List<CloudEvent> events = request.events().stream()
                .map(e -> EventRules.newEvent(aggregateType, aggregateId, e.id(), e.type(), e.source(), e.time(), e.guildId(), e.data()))
                .toList();
        EventRules.checkAppend(events).ifPresent(error -> {
            throw new InvalidInputException(error.field(), error.reason());
        });
        return appender.appendToStream(aggregateType, aggregateId, expected, events)
                .map(result -> Response.status(result.outcome() == Outcome.APPENDED ? 201 : 200)
                        .entity(new AppendResponse(result.outcome() == Outcome.APPENDED, result.streamVersion(),
                                result.firstPosition(), result.lastPosition()))
                        .build());
    }

    @RequiresScope("eventstore:read")
    @GET
    @Operation(summary = "The stream's events from a version, forwards (default: from the first) or backwards (default: from the last)")
    public Uni<List<EventView>> read(
            @PathParam("aggregateType") @Pattern(regexp = AGGREGATE_TYPE, message = "must be a lower-case aggregate type") String aggregateType,
            @PathParam("aggregateId") @Size(max = 200) String aggregateId,
            @QueryParam("from") @Min(value = 0, message = "must be a version") Long from,
            @QueryParam("direction") @DefaultValue("forward") @Pattern(regexp = "forward|backward", message = "must be forward or backward") String direction,
            @QueryParam("limit") @DefaultValue("100") @Min(value = 1, message = "must be at least 1") @Max(value = 1000, message = "must be at most 1000") int limit) {
        return queries.stream(aggregateType, aggregateId, from, direction.equals("forward"), limit)
                .map(events -> events.stream().map(EventView::of).toList());
    }
}
