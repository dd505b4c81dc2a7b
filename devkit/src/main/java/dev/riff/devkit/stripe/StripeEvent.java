package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An event the simulator made, with its delivery history. The payload is fixed when the event is
 * made (the object as it was then, as Stripe's events carry it), so every attempt sends the same bytes.
 */
public final class StripeEvent {

    /** Where an event's automatic delivery stands. */
    public enum Delivery {
        /** No endpoint listened for this type when the event was made (Stripe's pending_webhooks 0). */
        NOT_SUBSCRIBED,
        /** Queued behind earlier events. */
        PENDING,
        /** Held while deliveries are paused. */
        HELD,
        /** The last attempt failed; another is scheduled. */
        RETRYING,
        DELIVERED,
        /** Every attempt of the schedule failed. */
        FAILED
    }

    /** One HTTP POST of the event to the endpoint. {@code status} is null when no answer came (connection error, timeout). */
    public record Attempt(int number, Instant at, long signatureTimestamp, Integer status, String error, long durationMillis,
            boolean manual, String url) {

        public boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final ObjectNode node;
    private final byte[] payload;
    private final boolean subscribed;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private volatile Delivery delivery;

    StripeEvent(ObjectNode node, boolean subscribed) {
        this.node = node;
        this.payload = StripeJson.pretty(node).getBytes(StandardCharsets.UTF_8);
        this.subscribed = subscribed;
        this.delivery = subscribed ? Delivery.PENDING : Delivery.NOT_SUBSCRIBED;
    }

    public String id() {
        return node.get("id").asText();
    }

    public String type() {
        return node.get("type").asText();
    }

    public long created() {
        return node.get("created").asLong();
    }

    /** The exact bytes every delivery of this event carries. */
    public byte[] payload() {
        return payload.clone();
    }

    byte[] payloadBytes() {
        return payload;
    }

    /** The event as the API returns it: pending_webhooks drops to 0 once an automatic or manual delivery succeeded. */
    public ObjectNode json() {
        ObjectNode copy = node.deepCopy();
        copy.put("pending_webhooks", subscribed && attempts.stream().noneMatch(Attempt::succeeded) ? 1 : 0);
        return copy;
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public Delivery delivery() {
        return delivery;
    }

    void record(Attempt attempt) {
        attempts.add(attempt);
    }

    void delivery(Delivery delivery) {
        this.delivery = delivery;
    }

    boolean subscribed() {
        return subscribed;
    }
}
