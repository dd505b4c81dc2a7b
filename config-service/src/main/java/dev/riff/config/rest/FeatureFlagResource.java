package dev.riff.config.rest;

import dev.riff.support.rest.Snowflake;


import dev.riff.config.domain.FeatureFlag;
import dev.riff.config.domain.FeatureFlagChange;
import dev.riff.config.service.FeatureFlagService;
import dev.riff.support.auth.RequiresScope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/feature-flags/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FeatureFlagResource {

    private static final String FLAG_NAME = "[a-z0-9][a-z0-9-]{0,62}";
    private static final String FLAG_MESSAGE = "must be lowercase letters, digits and dashes, at most 63";

    public record GlobalFlag(@NotNull(message = "is required") Boolean enabled,
            @Min(value = 0, message = "must be between 0 and 100") @Max(value = 100, message = "must be between 0 and 100") Integer rolloutPercentage,
            @Size(max = 10_000, message = "must list at most 10000 guilds")
            List<@NotNull(message = Snowflake.MESSAGE) @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String> targets) {
    }

    public record GuildFlag(@NotNull(message = "is required") Boolean enabled) {
    }

    private final FeatureFlagService flags;

    FeatureFlagResource(FeatureFlagService flags) {
        this.flags = flags;
    }

    @RequiresScope("config:write")
    @PUT
    @Operation(summary = "Set a global flag: on or off, for a percentage of guilds (stable), and for target guilds")
    public Uni<FeatureFlag> setGlobal(@PathParam("name") @Pattern(regexp = FLAG_NAME, message = FLAG_MESSAGE) String name,
            @HeaderParam("X-Riff-Actor") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String actorId,
            @NotNull(message = "a JSON object is required") @Valid GlobalFlag flag) {
        return flags.setGlobal(name, flag.enabled(), flag.rolloutPercentage(), flag.targets(), actorId);
    }

    @RequiresScope("config:write")
    @PUT
    @Path("/guilds/{guildId}")
    @Operation(summary = "Turn a flag on or off for one guild, whatever the global flag says")
    public Uni<FeatureFlag> setForGuild(@PathParam("name") @Pattern(regexp = FLAG_NAME, message = FLAG_MESSAGE) String name,
            @PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @HeaderParam("X-Riff-Actor") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String actorId,
            @NotNull(message = "a JSON object is required") @Valid GuildFlag flag) {
        return flags.setForGuild(name, guildId, flag.enabled(), actorId);
    }

    @RequiresScope("config:read")
    @GET
    @Path("/history")
    @Operation(summary = "The flag's state after each change (global and per-guild overrides), newest first, with who made it")
    public Uni<List<FeatureFlagChange>> history(@PathParam("name") @Pattern(regexp = FLAG_NAME, message = FLAG_MESSAGE) String name,
            @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be at least 1") @Max(value = 500, message = "must be at most 500") int limit) {
        return flags.history(name, limit);
    }

    @RequiresScope("config:read")
    @GET
    @Path("/evaluation")
    @Operation(summary = "Whether the flag is on for a guild, and why")
    public Uni<FeatureFlagService.Evaluation> evaluate(@PathParam("name") @Pattern(regexp = FLAG_NAME, message = FLAG_MESSAGE) String name,
            @QueryParam("guild") @NotNull(message = "is required") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId) {
        return flags.evaluate(name, guildId);
    }
}
