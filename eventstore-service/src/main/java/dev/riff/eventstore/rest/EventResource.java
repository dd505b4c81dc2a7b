package dev.riff.eventstore.rest;

import dev.riff.support.rest.Snowflake;
import dev.riff.eventstore.service.EventQueries;
import dev.riff.support.auth.RequiresScope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventQueries queries;

    EventResource(EventQueries queries) {
        this.queries = queries;
    }

    @RequiresScope("eventstore:read")
    @GET
    @Operation(summary = "Events after a global position, in global order, optionally by type prefix and guild")
    public Uni<List<EventView>> list(
            @QueryParam("after") @DefaultValue("0") @Min(value = 0, message = "must be 0 or a global position") long after,
            @QueryParam("limit") @DefaultValue("100") @Min(value = 1, message = "must be at least 1") @Max(value = 1000, message = "must be at most 1000") int limit,
            @QueryParam("type") @Size(max = 200, message = "must be at most 200 characters") String typePrefix,
            @QueryParam("guild") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId) {
        return queries.after(after, limit, typePrefix, guildId)
                .map(events -> events.stream().map(EventView::of).toList());
    }

    @RequiresScope("eventstore:read")
    @GET
    @Path("/{eventId}")
    @Operation(summary = "One event by its CloudEvent id")
    public Uni<EventView> byId(@PathParam("eventId") @Size(max = 200) String eventId) {
        return queries.byEventId(eventId)
                .onItem().ifNull().failWith(() -> new NotFoundException("no event with id " + eventId))
                .map(EventView::of);
    }
}
