package dev.riff.billing.rest;

import dev.riff.billing.service.SubscriptionLifecycle;
import dev.riff.support.auth.RequiresScope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Runs the grace and expiry job now, for operators (it also runs on its own schedule). */
@Path("/api/v1/billing/lifecycle")
@Produces(MediaType.APPLICATION_JSON)
public class LifecycleResource {

    private final SubscriptionLifecycle lifecycle;

    LifecycleResource(SubscriptionLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @RequiresScope("billing:admin")
    @POST
    @Operation(summary = "Run one round of grace and expiry now; answers how many users it handled")
    public Uni<Map<String, Integer>> run() {
        return lifecycle.run().map(users -> Map.of("users", users));
    }
}
