package dev.riff.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.gateway.domain.EffectiveConfiguration;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** config-service's REST API, as the gateway uses it, with the fleet's service credential. */
@RegisterRestClient(configKey = "config-service")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${riff.auth.callers.gateway.token}")
@Path("/api/v1/guilds/{guildId}")
public interface ConfigServiceClient {

    @GET
    @Path("/effective-configuration")
    Uni<EffectiveConfiguration> effective(@PathParam("guildId") String guildId, @QueryParam("channel") String channelId);

    @GET
    @Path("/server-configuration")
    Uni<JsonNode> serverConfiguration(@PathParam("guildId") String guildId);

    @PATCH
    @Path("/channels/{channelId}/configuration")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> changeChannelConfiguration(@PathParam("guildId") String guildId, @PathParam("channelId") String channelId,
            @HeaderParam("X-Riff-Actor") String actorId, Map<String, Object> patch);

    @PATCH
    @Path("/server-configuration")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> changeServerConfiguration(@PathParam("guildId") String guildId, @HeaderParam("X-Riff-Actor") String actorId,
            Map<String, Object> patch);
}
