package dev.riff.webhook.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.webhook.domain.WebhookEventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * A domain event becomes one message per active subscription of its guild that wants its type, in
 * one statement. The row is unique per (subscription, source event), so a Kafka record delivered
 * twice makes no second message.
 */
@ApplicationScoped
public class Fanout {

    private final Pool pool;
    private final Dispatcher dispatcher;

    Fanout(Pool pool, Dispatcher dispatcher) {
        this.pool = pool;
        this.dispatcher = dispatcher;
    }

    /** @return how many messages were made */
    public Uni<Integer> fanOut(String guildId, String sourceEventId, WebhookEventType type, Instant at, ObjectNode data) {
        String body = body(type, at, data);
        return pool.preparedQuery("insert into webhook_message (id, subscription_id, guild_id, source_event_id, event_type, payload)"
                        + " select 'msg_' || replace(cast(gen_random_uuid() as text), '-', ''), s.id, s.guild_id, $2, $3, $4"
                        + " from webhook_subscription s where s.guild_id = $1 and s.is_active and $3 = any(s.events)"
                        + " on conflict (subscription_id, source_event_id) do nothing")
                .execute(Tuple.of(guildId, sourceEventId, type.wireName(), body))
                .map(rows -> rows.rowCount())
                .invoke(made -> {
                    if (made > 0) {
                        dispatcher.wake();
                    }
                });
    }

    /** A test message to one endpoint (active or not: the admin asked for it). */
    public Uni<Integer> test(java.util.UUID subscriptionId, String guildId) {
        ObjectNode data = WebhookEventType.TEST.payload(CloudEventCodec.mapper().createObjectNode()
                .put("guildId", guildId).put("message", "A test from Riff"));
        return pool.preparedQuery("insert into webhook_message (id, subscription_id, guild_id, source_event_id, event_type, payload)"
                        + " values ('msg_' || replace(cast(gen_random_uuid() as text), '-', ''), $1, $2, $3, $4, $5)")
                .execute(Tuple.of(subscriptionId, guildId, "test-" + java.util.UUID.randomUUID(), WebhookEventType.TEST.wireName(),
                        body(WebhookEventType.TEST, Instant.now(), data)))
                .map(rows -> rows.rowCount()).invoke(dispatcher::wake);
    }

    /** A domain event's public message, if guilds may subscribe to its type and it names a guild. */
    public Uni<Integer> fanOut(CloudEvent event) {
        var type = WebhookEventType.fromDomain(event.type());
        String guildId = event.data() == null ? null : event.data().path("guildId").asText(null);
        if (type.isEmpty() || guildId == null || !guildId.matches("[0-9]{17,20}")) {
            return Uni.createFrom().item(0);
        }
        return fanOut(guildId, event.id(), type.get(), event.time() != null ? event.time() : Instant.now(), type.get().payload(event.data()));
    }

    /** Standard Webhooks' recommended payload: type, timestamp and data. */
    static String body(WebhookEventType type, Instant at, ObjectNode data) {
        ObjectNode body = CloudEventCodec.mapper().createObjectNode();
        body.put("type", type.wireName()).put("timestamp", at.toString()).set("data", data);
        try {
            return CloudEventCodec.mapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }
}
