package dev.riff.webhook.rest;

import dev.riff.support.rest.Snowflake;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.rest.Problem;
import dev.riff.support.rest.ProblemExceptionMappers;
import dev.riff.webhook.domain.WebhookSubscription;
import dev.riff.webhook.service.Fanout;
import dev.riff.webhook.service.Subscriptions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A guild's webhook endpoints; the gateway's /webhooks uses it. The secret is in the answer to create and rotate only. */
@Path("/api/v1/guilds/{guildId}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {


    public record NewEndpoint(@NotNull @Size(max = 2048) String url, @NotNull @Size(max = 20) List<String> events,
            @Size(max = 200) String description) {
    }

    public record EndpointChange(@Size(max = 2048) String url, @Size(max = 20) List<String> events, Boolean active,
            @Size(max = 200) String description) {
    }

    /** An endpoint as listed: never its secret. */
    public record Endpoint(UUID id, String guildId, String url, List<String> events, boolean active, String description,
            String disabledReason, Instant failingSince, Instant createdAt) {
        static Endpoint of(WebhookSubscription s) {
            return new Endpoint(s.id, s.guildId, s.url, List.of(s.events), s.active, s.description, s.disabledReason, s.failingSince, s.createdAt);
        }
    }

    /** The answer to create and rotate: the endpoint and its secret, shown this once. */
    public record EndpointWithSecret(Endpoint endpoint, String secret) {
    }

    private final Subscriptions subscriptions;
    private final Fanout fanout;

    WebhookResource(Subscriptions subscriptions, Fanout fanout) {
        this.subscriptions = subscriptions;
        this.fanout = fanout;
    }

    @RequiresScope("webhooks:read")
    @GET
    @Operation(summary = "The guild's webhook endpoints")
    public Uni<List<Endpoint>> list(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId) {
        return Panache.withSession(() -> WebhookSubscription.<WebhookSubscription>list("guildId = ?1 order by createdAt", guildId))
                .map(found -> found.stream().map(Endpoint::of).toList());
    }

    @RequiresScope("webhooks:write")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an endpoint: an https URL on the public internet and event types from the catalogue")
    public Uni<Response> create(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @HeaderParam("X-Riff-Actor") String actor, @NotNull @Valid NewEndpoint request) {
        return subscriptions.create(guildId, request.url(), request.events(), request.description(), actor)
                .map(made -> Response.status(201).entity(new EndpointWithSecret(Endpoint.of(made), made.secret)).build());
    }

    @RequiresScope("webhooks:read")
    @GET
    @Path("/{id}")
    public Uni<Endpoint> get(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("id") UUID id) {
        return Panache.withSession(() -> subscriptions.find(guildId, id)).map(Endpoint::of);
    }

    @RequiresScope("webhooks:write")
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an endpoint's URL, event types or description, or disable or re-enable it")
    public Uni<Endpoint> change(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("id") UUID id, @NotNull @Valid EndpointChange request) {
        return subscriptions.change(guildId, id, request.url(), request.events(), request.active(), request.description()).map(Endpoint::of);
    }

    @RequiresScope("webhooks:write")
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("id") UUID id) {
        return subscriptions.delete(guildId, id).map(deleted -> {
            if (!deleted) {
                throw new NotFoundException("no webhook " + id + " in guild " + guildId);
            }
            return Response.noContent().build();
        });
    }

    @RequiresScope("webhooks:write")
    @POST
    @Path("/{id}/rotate-secret")
    @Operation(summary = "A new signing secret; the previous one signs too during the overlap")
    public Uni<EndpointWithSecret> rotate(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("id") UUID id) {
        return subscriptions.rotate(guildId, id).map(rotated -> new EndpointWithSecret(Endpoint.of(rotated), rotated.secret));
    }

    @RequiresScope("webhooks:write")
    @POST
    @Path("/{id}/test")
    @Operation(summary = "Send a webhook.test message to this endpoint")
    public Uni<Map<String, Integer>> test(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("id") UUID id) {
        return Panache.withSession(() -> subscriptions.find(guildId, id))
                .chain(found -> fanout.test(found.id, guildId))
                .map(made -> Map.of("messages", made));
    }

    @ServerExceptionMapper
    public Response limitReached(Subscriptions.LimitReached e) {
        return ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/webhooks/limit-reached", "Conflict", 409,
                e.getMessage(), List.of()));
    }
}
