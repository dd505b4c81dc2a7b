package dev.riff.eventstore.rest;

import dev.riff.eventstore.domain.EventRules;
import dev.riff.eventstore.state.AggregateStates.AggregateState;
import dev.riff.eventstore.state.AggregateStates;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.rest.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** An aggregate's state now or at a point in time, folded from its latest snapshot and later events. */
@Path("/api/v1/state/{aggregateType}/{aggregateId}")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    private final AggregateStates states;

    StateResource(AggregateStates states) {
        this.states = states;
    }

    @RequiresScope("eventstore:read")
    @GET
    @Operation(summary = "State of a guild-player or server-configuration aggregate, now or at a global position or time")
    public Uni<AggregateState> state(
            @PathParam("aggregateType") @Pattern(regexp = StreamResource.AGGREGATE_TYPE, message = "must be a lower-case aggregate type") String aggregateType,
            @PathParam("aggregateId") @Size(max = 200) String aggregateId,
            @QueryParam("at-position") @Min(value = 0, message = "must be a global position") Long atPosition,
            @QueryParam("at-time") String atTime,
            @QueryParam("snapshots") @DefaultValue("true") boolean useSnapshots) {
        if (!states.knows(aggregateType)) {
            throw new NotFoundException("no state is kept for aggregate type " + aggregateType);
        }
        return states.stateAt(aggregateType, aggregateId, atPosition, instant("at-time", atTime), useSnapshots);
    }

    static Instant instant(String field, String text) {
        Instant instant;
        try {
            instant = text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
        }
        if (instant != null && !EventRules.withinYears(instant)) {
            throw new InvalidInputException(field, "must be between 1970-01-01 and 9999-12-31");
        }
        return instant;
    }
}
