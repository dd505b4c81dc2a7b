package dev.riff.contracts;

/**
 * A versioned CloudEvent type: its name ({@code <domain>.<event>.v<N>}), the topic it travels on,
 * the aggregate it belongs to (the CloudEvent subject is that aggregate's id) and the class its
 * {@code data} decodes to.
 */
public record EventType<T>(String name, Topic topic, String aggregateType, Class<T> dataType) {

    public EventType {
        if (!name.matches("[a-z]+(\\.[a-z0-9-]+)+\\.v[0-9]+")) {
            throw new IllegalArgumentException("event type must look like domain.event-name.vN: " + name);
        }
    }
}
