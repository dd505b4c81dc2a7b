package dev.riff.eventstore.rest;

import dev.riff.support.rest.Snowflake;
import dev.riff.eventstore.service.Subscriptions;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.rest.InvalidInputException;
import io.smallrye.mutiny.Multi;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Catch-up subscriptions over Server-Sent Events; each event's SSE id is its global position. */
@Path("/api/v1/subscriptions")
public class SubscriptionResource {

    private final Subscriptions subscriptions;

    SubscriptionResource(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @RequiresScope("eventstore:read")
    @GET
    @Path("/all")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Events after a global position (Last-Event-ID wins over from), history then live, optionally by type prefix and guild")
    public Multi<OutboundSseEvent> all(
            @QueryParam("from") @DefaultValue("0") @Min(value = 0, message = "must be 0 or a global position") long from,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("type") @Size(max = 200, message = "must be at most 200 characters") String typePrefix,
            @QueryParam("guild") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @Context Sse sse) {
        long after = from;
        if (lastEventId != null) {
            if (!lastEventId.matches("[0-9]{1,18}")) {
                throw new InvalidInputException("Last-Event-ID", "must be a global position");
            }
            after = Long.parseLong(lastEventId);
        }
        return subscriptions.after(after, typePrefix, guildId)
                .map(event -> sse.newEventBuilder()
                        .id(Long.toString(event.globalPosition))
                        .name(event.eventType)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(EventView.class, EventView.of(event))
                        .build());
    }
}
