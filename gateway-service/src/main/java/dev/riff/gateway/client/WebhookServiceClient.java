package dev.riff.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** webhook-service's REST API, as /webhooks uses it, with the fleet's service credential. */
@RegisterRestClient(configKey = "webhook-service")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${riff.auth.callers.gateway.token}")
@Path("/api/v1/guilds/{guildId}/webhooks")
public interface WebhookServiceClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Endpoint(String id, String url, List<String> events, boolean active, String description, String disabledReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EndpointWithSecret(Endpoint endpoint, String secret) {
    }

    @GET
    Uni<List<Endpoint>> list(@PathParam("guildId") String guildId);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<EndpointWithSecret> add(@PathParam("guildId") String guildId, @HeaderParam("X-Riff-Actor") String actor, Map<String, Object> endpoint);

    @DELETE
    @Path("/{id}")
    Uni<Void> remove(@PathParam("guildId") String guildId, @PathParam("id") String id);

    @POST
    @Path("/{id}/test")
    Uni<Map<String, Integer>> test(@PathParam("guildId") String guildId, @PathParam("id") String id);

    @POST
    @Path("/{id}/rotate-secret")
    Uni<EndpointWithSecret> rotate(@PathParam("guildId") String guildId, @PathParam("id") String id);
}
