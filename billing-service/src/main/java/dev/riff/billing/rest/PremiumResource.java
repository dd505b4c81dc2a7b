package dev.riff.billing.rest;

import dev.riff.support.rest.Snowflake;
import dev.riff.billing.config.BillingConfig;
import dev.riff.billing.domain.Plan;
import dev.riff.billing.domain.UserSubscription;
import dev.riff.billing.service.PremiumServers;
import dev.riff.billing.service.StripeBilling;
import dev.riff.billing.service.UsageMeter;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.rest.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A user's premium: status, checkout and portal links, and their premium servers. The gateway's /premium uses it. */
@Path("/api/v1/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public class PremiumResource {


    /** Which plan to buy. */
    public record CheckoutRequest(@NotNull String plan) {
    }

    /** Where to pay (Stripe Checkout) or manage the subscription (Stripe's customer portal). */
    public record Link(String url) {
    }

    private final PremiumServers servers;
    private final StripeBilling stripe;
    private final UsageMeter usage;
    private final BillingConfig config;

    PremiumResource(PremiumServers servers, StripeBilling stripe, UsageMeter usage, BillingConfig config) {
        this.servers = servers;
        this.stripe = stripe;
        this.usage = usage;
        this.config = config;
    }

    @RequiresScope("billing:read")
    @GET
    @Path("/premium")
    @Operation(summary = "The user's plan, grants, premium servers and this month's usage")
    public Uni<PremiumStatus> status(@PathParam("userId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String userId) {
        return servers.overview(userId).chain(overview -> usage.of(userId, Instant.now()).map(month -> PremiumStatus.of(
                overview.subscription() != null ? overview.subscription() : free(userId), overview.allocations(), overview.states(),
                month, config.moveCooldown())));
    }

    @RequiresScope("billing:write")
    @POST
    @Path("/checkout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A Stripe Checkout link for a plan (basic, premium or enterprise)")
    public Uni<Link> checkout(@PathParam("userId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String userId,
            @NotNull CheckoutRequest request) {
        Plan plan = Plan.named(request.plan()).filter(Plan::paid).orElseThrow(() -> new InvalidInputException("plan",
                "must be one of basic, premium, enterprise"));
        return stripe.checkout(userId, plan).map(session -> new Link(session.getUrl()));
    }

    @RequiresScope("billing:write")
    @POST
    @Path("/portal")
    @Operation(summary = "A Stripe customer portal link, to change the plan or payment method, or cancel")
    public Uni<Link> portal(@PathParam("userId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String userId) {
        return stripe.portal(userId).map(Link::new);
    }

    @RequiresScope("billing:write")
    @PUT
    @Path("/premium-servers/{guildId}")
    @Operation(summary = "Put the user's premium on a server (within the plan's server count)")
    public Uni<PremiumStatus> activate(@PathParam("userId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String userId,
            @PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId) {
        return servers.activate(userId, guildId).chain(() -> status(userId));
    }

    @RequiresScope("billing:write")
    @DELETE
    @Path("/premium-servers/{guildId}")
    @Operation(summary = "Take the user's premium off a server (once the move cooldown has passed)")
    public Uni<PremiumStatus> deactivate(@PathParam("userId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String userId,
            @PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId) {
        return servers.deactivate(userId, guildId).chain(() -> status(userId));
    }

    private static UserSubscription free(String userId) {
        var subscription = new UserSubscription();
        subscription.userId = userId;
        subscription.tier = Plan.FREE.wireName();
        subscription.status = "none";
        subscription.monthlyPlayTime = Plan.FREE.monthlyPlayMinutes();
        subscription.monthlyRequests = Plan.FREE.monthlyRequests();
        return subscription;
    }
}
