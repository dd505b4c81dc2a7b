package dev.riff.webhook.rest;

import dev.riff.support.auth.RequiresScope;
import dev.riff.webhook.domain.WebhookEventType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The event types a guild may subscribe to, with the fields each payload carries (version 1). */
@Path("/api/v1/webhook-event-types")
@Produces(MediaType.APPLICATION_JSON)
public class EventCatalogueResource {

    public record EventTypeDescription(String type, String description, int version, List<String> fields) {
    }

    @RequiresScope("webhooks:read")
    @GET
    @Operation(summary = "The webhook event catalogue: each type, what it means and its payload's fields")
    public List<EventTypeDescription> list() {
        return WebhookEventType.subscribable().stream()
                .map(type -> new EventTypeDescription(type.wireName(), type.description(), 1, type.fields())).toList();
    }
}
