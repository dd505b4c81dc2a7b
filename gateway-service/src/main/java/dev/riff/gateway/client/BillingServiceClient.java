package dev.riff.gateway.client;

import dev.riff.gateway.domain.PremiumStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** billing-service's REST API, as /premium uses it, with the fleet's service credential. */
@RegisterRestClient(configKey = "billing-service")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${riff.auth.callers.gateway.token}")
@Path("/api/v1/users/{userId}")
public interface BillingServiceClient {

    /** A link to pay or manage: {@code {"url": …}}. */
    record Link(String url) {
    }

    @GET
    @Path("/premium")
    Uni<PremiumStatus> status(@PathParam("userId") String userId);

    @POST
    @Path("/checkout")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Link> checkout(@PathParam("userId") String userId, Map<String, String> request);

    @POST
    @Path("/portal")
    Uni<Link> portal(@PathParam("userId") String userId);

    @PUT
    @Path("/premium-servers/{guildId}")
    Uni<PremiumStatus> activate(@PathParam("userId") String userId, @PathParam("guildId") String guildId);

    @DELETE
    @Path("/premium-servers/{guildId}")
    Uni<PremiumStatus> deactivate(@PathParam("userId") String userId, @PathParam("guildId") String guildId);
}
