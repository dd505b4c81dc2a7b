package dev.riff.eventstore.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How one aggregate type's events fold into its state, as the owning service holds it. */
public interface Fold {

    String aggregateType();

    ObjectNode initial();

    /** Applies one event of the stream to the state, in place. */
    void apply(ObjectNode state, String eventType, JsonNode data);
}
