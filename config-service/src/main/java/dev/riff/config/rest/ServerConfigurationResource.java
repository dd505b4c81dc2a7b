package dev.riff.config.rest;

import dev.riff.support.rest.Snowflake;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.config.domain.SettingsPatch;
import dev.riff.config.service.ServerConfigurationService;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.rest.InvalidInputException;
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
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/guilds/{guildId}/server-configuration")
@Produces(MediaType.APPLICATION_JSON)
public class ServerConfigurationResource {


    private final ServerConfigurationService service;

    ServerConfigurationResource(ServerConfigurationService service) {
        this.service = service;
    }

    @RequiresScope("config:read")
    @GET
    @Operation(summary = "The guild's server configuration; its version is the ETag")
    public Uni<Response> get(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId) {
        return service.get(guildId).map(c -> withETag(c, c.version));
    }

    @RequiresScope("config:write")
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change some settings (the names and rules of dev.riff.contracts.Setting); send If-Match with the ETag to refuse the change (412) if another came first")
    public Uni<Response> patch(
            @PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("X-Riff-Actor") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String actorId,
            @NotNull(message = "a JSON object of settings is required") ObjectNode settings) {
        return service.update(guildId, SettingsPatch.forServer(settings), expectedVersion(ifMatch), actorId).map(c -> withETag(c, c.version));
    }

    static Response withETag(Object configuration, long version) {
        return Response.ok(configuration).tag(new EntityTag(Long.toString(version))).build();
    }

    static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match", "must be an ETag this service returned, like \"3\"");
        }
    }
}
