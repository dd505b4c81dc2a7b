package dev.riff.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.GuildEntitlement;
import dev.riff.contracts.PlayerStateChanged;
import dev.riff.contracts.QueueChanged;
import dev.riff.contracts.ServerConfigurationChanged;
import dev.riff.contracts.TrackEvent;
import dev.riff.support.testing.Management;
import dev.riff.webhook.domain.WebhookEventType;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published catalogue: the OpenAPI document's webhooks section names every type with its
 * payload's schema, and real deliveries of every type, made from domain events on Kafka, are valid
 * against those schemas as an independent JSON Schema validator (networknt, draft 2020-12) reads them.
 */
@QuarkusTest
class WebhookCatalogueTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static JsonNode openApi() throws Exception {
        return CloudEventCodec.mapper().readTree(Management.management().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    private static Schema published(JsonNode openApi, String type) {
        JsonNode schema = openApi.path("webhooks").path(type).path("post").path("requestBody").path("content").path("application/json").path("schema");
        assertFalse(schema.isMissingNode(), () -> type + " has no published schema");
        return SCHEMAS.getSchema(schema.toString(), InputFormat.JSON);
    }

    @Test
    void theOpenApiDocumentPublishesEveryTypeWithItsHeadersAndSchema() throws Exception {
        JsonNode document = openApi();
        assertTrue(document.path("openapi").asText().startsWith("3.1"), "webhooks need OpenAPI 3.1");
        Set<String> published = new TreeSet<>();
        document.path("webhooks").fieldNames().forEachRemaining(published::add);
        assertEquals(Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName).collect(Collectors.toCollection(TreeSet::new)), published);
        JsonNode post = document.path("webhooks").path("track.started").path("post");
        Set<String> headers = new TreeSet<>();
        post.path("parameters").forEach(parameter -> headers.add(parameter.path("in").asText() + ":" + parameter.path("name").asText()));
        assertEquals(Set.of("header:webhook-id", "header:webhook-timestamp", "header:webhook-signature"), headers);
        Set<String> fields = new TreeSet<>();
        post.path("requestBody").path("content").path("application/json").path("schema").path("properties").path("data").path("properties")
                .fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("guildId", "title", "url", "source", "requestedBy", "durationMs", "positionMs"), fields);
        assertFalse(post.path("responses").path("410").isMissingNode(), "what a 410 does is documented");
    }

    @Test
    void deliveriesOfEveryTypeAreValidAgainstThePublishedSchemas() throws Exception {
        JsonNode document = openApi();
        String guild = WebhookDeliveryTest.snowflake();
        try (Receiver receiver = new Receiver()) {
            WebhookDeliveryTest.Endpoint endpoint = WebhookDeliveryTest.subscribe(guild, receiver.url(),
                    WebhookEventType.subscribable().stream().map(WebhookEventType::wireName).toArray(String[]::new));
            ObjectNode leaked = CloudEventCodec.mapper().createObjectNode().put("voiceToken", "must-not-leave");
            WebhookDeliveryTest.publish(WebhookDeliveryTest.trackStarted(guild, leaked));
            WebhookDeliveryTest.publish(CloudEvent.create(EventTypes.TRACK_ENDED, "/playback-service", guild, guild,
                    CloudEventCodec.mapper().valueToTree(new TrackEvent(guild, "Riff Demo Tune", "https://example.org/demo.ogg", "http",
                            "123456789012345678", 30_000, 30_000, "finished"))));
            WebhookDeliveryTest.publish(CloudEvent.create(EventTypes.QUEUE_CHANGED, "/playback-service", guild, guild,
                    CloudEventCodec.mapper().valueToTree(new QueueChanged(guild, 3, "added"))));
            WebhookDeliveryTest.publish(CloudEvent.create(EventTypes.PLAYER_STATE_CHANGED, "/playback-service", guild, guild,
                    CloudEventCodec.mapper().valueToTree(new PlayerStateChanged(guild, true, 80, "queue", "nightcore"))));
            WebhookDeliveryTest.publish(CloudEvent.create(EventTypes.SERVER_CONFIGURATION_CHANGED, "/config-service", guild, guild,
                    CloudEventCodec.mapper().valueToTree(new ServerConfigurationChanged(guild, 4, Map.of("volumeLimit",
                            new ServerConfigurationChanged.FieldChange(CloudEventCodec.mapper().valueToTree(100),
                                    CloudEventCodec.mapper().valueToTree(80))), "123456789012345678"))));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            WebhookDeliveryTest.publish(CloudEvent.create(EventTypes.ENTITLEMENT_CHANGED, "/config-service", guild, guild,
                    CloudEventCodec.mapper().valueToTree(new GuildEntitlement(guild, "premium", "active", now.plus(Duration.ofDays(30)), now))));
            given().post("/api/v1/guilds/{g}/webhooks/{id}/test", guild, endpoint.id()).then().statusCode(200);

            List<String> types = Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> types.stream().allMatch(type -> !receiver.of(type).isEmpty()));
            for (String type : types) {
                Receiver.Delivery delivery = receiver.of(type).get(0);
                WebhookDeliveryTest.verify(endpoint.secret(), delivery);
                var errors = published(document, type).validate(delivery.body(), InputFormat.JSON);
                assertTrue(errors.isEmpty(), () -> type + " delivered " + delivery.body() + ", not valid against its schema: " + errors);
            }

            // The schemas constrain: a payload carrying a field outside the catalogue is refused by them.
            ObjectNode tampered = (ObjectNode) CloudEventCodec.mapper().readTree(receiver.of("track.started").get(0).body());
            ((ObjectNode) tampered.get("data")).put("voiceToken", "must-not-leave");
            assertFalse(published(document, "track.started").validate(tampered.toString(), InputFormat.JSON).isEmpty());
        }
    }
}
