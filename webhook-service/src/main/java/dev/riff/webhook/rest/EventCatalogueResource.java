package dev.riff.webhook.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.support.auth.RequiresScope;
import dev.riff.webhook.domain.WebhookEventType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The event types a guild may subscribe to, with the schema of each one's payload. */
@Path("/api/v1/webhook-event-types")
@Produces(MediaType.APPLICATION_JSON)
public class EventCatalogueResource {

    /** A type, what it means, its payload version and the JSON Schema of the body it is delivered with. */
    public record EventTypeDescription(String type, String description, int version, ObjectNode schema) {
    }

    @RequiresScope("webhooks:read")
    @GET
    @Operation(summary = "The webhook event catalogue: each type, what it means and its payload's JSON Schema"
            + " (also published in this document's webhooks section)")
    public List<EventTypeDescription> list() {
        return WebhookEventType.subscribable().stream()
                .map(type -> new EventTypeDescription(type.wireName(), type.description(), WebhookEventType.PAYLOAD_VERSION, type.payloadSchema())).toList();
    }
}
