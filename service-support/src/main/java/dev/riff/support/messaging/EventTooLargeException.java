package dev.riff.support.messaging;

/** A change whose event would exceed the size Kafka accepts: refused before anything is stored (413). */
public class EventTooLargeException extends RuntimeException {

    private final int limit;

    public EventTooLargeException(String eventType, int bytes, int limit) {
        super("this change would make a " + eventType + " event of " + bytes + " bytes; events are limited to " + limit
                + " bytes (riff.outbox.max-event-bytes)");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
