package dev.riff.gateway.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.gateway.domain.ConfigurationView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * config-service's REST API for what admins read and change with /config, with the fleet's service
 * credential; the per-command lookup goes over gRPC ({@link ConfigurationLookup}).
 */
@RegisterRestClient(configKey = "config-service")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${riff.auth.callers.gateway.token}")
@Path("/api/v1/guilds/{guildId}")
public interface ConfigServiceClient {

    @GET
    @Path("/server-configuration")
    Uni<ConfigurationView> serverConfiguration(@PathParam("guildId") String guildId);

    @PATCH
    @Path("/channels/{channelId}/configuration")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<ConfigurationView> changeChannelConfiguration(@PathParam("guildId") String guildId, @PathParam("channelId") String channelId,
            @HeaderParam("X-Riff-Actor") String actorId, ObjectNode settings);

    @PATCH
    @Path("/server-configuration")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<ConfigurationView> changeServerConfiguration(@PathParam("guildId") String guildId, @HeaderParam("X-Riff-Actor") String actorId,
            ObjectNode settings);
}
