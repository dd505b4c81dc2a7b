package dev.riff.config.rest;

import dev.riff.support.rest.Snowflake;


import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.config.domain.SettingsPatch;
import dev.riff.config.service.ChannelConfigurationService;
import dev.riff.support.auth.RequiresScope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/guilds/{guildId}/channels/{channelId}/configuration")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelConfigurationResource {

    private final ChannelConfigurationService service;

    ChannelConfigurationResource(ChannelConfigurationService service) {
        this.service = service;
    }

    @RequiresScope("config:read")
    @GET
    @Operation(summary = "A channel's overrides (null: inherits the server's value); its version is the ETag")
    public Uni<Response> get(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("channelId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String channelId) {
        return service.get(guildId, channelId).map(c -> ServerConfigurationResource.withETag(c, c.version));
    }

    @RequiresScope("config:write")
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Override settings in one channel, or send them back to inheriting with \"inherit\"; If-Match refuses a stale change (412)")
    public Uni<Response> patch(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("channelId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String channelId,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("X-Riff-Actor") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String actorId,
            @NotNull(message = "a JSON object of settings is required") ObjectNode settings) {
        return service.update(guildId, channelId, SettingsPatch.forChannel(settings), ServerConfigurationResource.expectedVersion(ifMatch), actorId)
                .map(c -> ServerConfigurationResource.withETag(c, c.version));
    }
}
