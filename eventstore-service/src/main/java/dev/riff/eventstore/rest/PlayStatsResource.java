package dev.riff.eventstore.rest;

import dev.riff.support.rest.Snowflake;
import dev.riff.eventstore.projection.PlayStats.GuildStats;
import dev.riff.eventstore.projection.PlayStats;
import dev.riff.support.auth.RequiresScope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PlayStatsResource {

    private final PlayStats playStats;

    PlayStatsResource(PlayStats playStats) {
        this.playStats = playStats;
    }

    @RequiresScope("eventstore:read")
    @GET
    @Path("/guilds/{guildId}/stats")
    @Operation(summary = "A guild's plays, top tracks and top requesters in [since, until), by whole hours (default: all time)")
    public Uni<GuildStats> stats(
            @PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("top") @DefaultValue("10") @Min(value = 1, message = "must be at least 1") @Max(value = 100, message = "must be at most 100") int top) {
        Instant from = since == null ? Instant.EPOCH : StateResource.instant("since", since);
        Instant to = until == null ? Instant.parse("9999-01-01T00:00:00Z") : StateResource.instant("until", until);
        return playStats.stats(guildId, from, to, top);
    }

    @RequiresScope("eventstore:admin")
    @POST
    @Path("/projections/guild-play-stats/rebuild")
    @Operation(summary = "Rebuild the play statistics from global position zero")
    public Uni<Map<String, Long>> rebuild() {
        return playStats.rebuild().map(position -> Map.of("rebuiltToPosition", position));
    }
}
