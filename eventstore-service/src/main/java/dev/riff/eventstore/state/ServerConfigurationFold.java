package dev.riff.eventstore.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A guild's server configuration (config-service): its version and every setting ever changed, at
 * its latest value. Settings never changed are at config-service's defaults and do not appear.
 */
@ApplicationScoped
public class ServerConfigurationFold implements Fold {

    @Override
    public String aggregateType() {
        return EventTypes.SERVER_CONFIGURATION_CHANGED.aggregateType();
    }

    @Override
    public ObjectNode initial() {
        ObjectNode state = CloudEventCodec.mapper().createObjectNode();
        state.put("version", 0);
        state.putObject("settings");
        return state;
    }

    @Override
    public void apply(ObjectNode state, String eventType, JsonNode data) {
        if (!eventType.equals(EventTypes.SERVER_CONFIGURATION_CHANGED.name()) || data == null) {
            return;
        }
        state.put("version", data.path("version").asLong());
        ObjectNode settings = (ObjectNode) state.get("settings");
        data.path("changes").properties().forEach(change ->
                settings.set(change.getKey(), change.getValue().has("newValue") ? change.getValue().get("newValue") : NullNode.getInstance()));
    }
}
