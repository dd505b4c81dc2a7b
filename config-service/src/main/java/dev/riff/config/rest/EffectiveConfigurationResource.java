package dev.riff.config.rest;

import dev.riff.support.rest.Snowflake;
import dev.riff.config.service.EffectiveConfigurationService;
import dev.riff.support.auth.RequiresScope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/guilds/{guildId}/effective-configuration")
@Produces(MediaType.APPLICATION_JSON)
public class EffectiveConfigurationResource {

    private final EffectiveConfigurationService service;

    EffectiveConfigurationResource(EffectiveConfigurationService service) {
        this.service = service;
    }

    @RequiresScope("config:read")
    @GET
    @Operation(summary = "Every setting's value in a guild (and channel), and where it came from: default, server, channel, or entitlement when the tier capped it")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EffectiveConfigurationService.Effective.class)))
    public Uni<String> get(
            @PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @QueryParam("channel") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String channelId) {
        return service.effective(guildId, channelId);
    }
}
