package dev.riff.webhook.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.webhook.domain.WebhookEventType;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Publishes the event catalogue in the OpenAPI document's webhooks section (OpenAPI 3.1): per type,
 * the POST a receiver gets, its Standard Webhooks headers, the body's schema and what each answer
 * makes the sender do. Built from {@link WebhookEventType}, the code that picks the payloads.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class WebhookCatalogueOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (WebhookEventType type : WebhookEventType.values()) {
            var operation = OASFactory.createOperation().operationId(type.wireName()).summary(type.description())
                    .description("Payload version " + WebhookEventType.PAYLOAD_VERSION + ". Verify the signature before trusting the body;"
                            + " the webhook-id is the same on every retry, so deduplicate on it.")
                    .addParameter(header("webhook-id", "The message's id (msg_…), stable across retries"))
                    .addParameter(header("webhook-timestamp", "Seconds since the epoch when this attempt was signed; reject old ones"))
                    .addParameter(header("webhook-signature", "Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body>;"
                            + " two during a secret's rotation"))
                    .requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                            .addMediaType("application/json", OASFactory.createMediaType().schema(schema(type.payloadSchema())))))
                    .responses(OASFactory.createAPIResponses()
                            .addAPIResponse("2XX", OASFactory.createAPIResponse().description("Delivered"))
                            .addAPIResponse("410", OASFactory.createAPIResponse().description("The endpoint is gone: it is disabled and"
                                    + " the server's admins are told in Discord"))
                            .addAPIResponse("429", OASFactory.createAPIResponse().description("Retried after Retry-After"))
                            .addAPIResponse("503", OASFactory.createAPIResponse().description("Retried after Retry-After"))
                            .addAPIResponse("default", OASFactory.createAPIResponse().description("Retried on the schedule (by default 5 s, 5 min,"
                                    + " 30 min, 2 h, 5 h, 10 h, 10 h, with jitter); an endpoint failing for 5 days by default is disabled")));
            openAPI.addWebhook(type.wireName(), OASFactory.createPathItem().POST(operation));
        }
    }

    private static Parameter header(String name, String description) {
        return OASFactory.createParameter().in(Parameter.In.HEADER).name(name).required(true).description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    /** The catalogue's JSON Schema as the OpenAPI model; the keywords it uses are the ones read here. */
    static Schema schema(JsonNode json) {
        Schema schema = OASFactory.createSchema();
        for (Map.Entry<String, JsonNode> keyword : json.properties()) {
            JsonNode value = keyword.getValue();
            switch (keyword.getKey()) {
                case "type" -> schema.addType(Schema.SchemaType.valueOf(value.asText().toUpperCase(Locale.ROOT)));
                case "format" -> schema.format(value.asText());
                case "pattern" -> schema.pattern(value.asText());
                case "description" -> schema.description(value.asText());
                case "const" -> schema.constValue(value.asText());
                case "additionalProperties" -> schema.additionalPropertiesBoolean(value.asBoolean());
                case "required" -> value.forEach(name -> schema.addRequired(name.asText()));
                case "properties" -> value.properties().forEach(property -> schema.addProperty(property.getKey(), schema(property.getValue())));
                default -> throw new IllegalArgumentException("the catalogue's schemas do not use " + keyword.getKey());
            }
        }
        return schema;
    }
}
