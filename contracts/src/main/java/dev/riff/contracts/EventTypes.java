package dev.riff.contracts;

import java.util.List;

/** The catalogue of event types on the fleet's topics. */
public final class EventTypes {

    public static final EventType SERVER_CONFIGURATION_CHANGED = new EventType(
            "config.server-configuration-changed.v1", Topic.CONFIG_EVENTS, "server-configuration");

    public static final List<EventType> ALL = List.of(SERVER_CONFIGURATION_CHANGED);

    private EventTypes() {
    }
}
