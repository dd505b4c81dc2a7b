package dev.riff.config.service;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.config.domain.SettingsPatch;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.ServerConfigurationChanged.FieldChange;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Applying a partial update to a configuration entity and telling what changed, field by field. */
final class ConfigurationPatches {

    private ConfigurationPatches() {
    }

    /** Writes the patch's values onto the entity and returns the changes (empty when nothing changed). */
    static Map<String, FieldChange> apply(Object configuration, SettingsPatch patch) {
        ObjectNode before = comparable(configuration);
        try {
            CloudEventCodec.mapper().updateValue(configuration, patch.asJson());
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("patch does not fit the configuration: " + e.getOriginalMessage(), e);
        }
        return diff(before, comparable(configuration));
    }

    private static ObjectNode comparable(Object configuration) {
        ObjectNode node = CloudEventCodec.mapper().valueToTree(configuration);
        node.remove("version");
        node.remove("updatedAt");
        return node;
    }

    private static Map<String, FieldChange> diff(ObjectNode before, ObjectNode after) {
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode oldValue = before.get(name);
            JsonNode newValue = after.get(name);
            if (!newValue.equals(oldValue)) {
                changes.put(name, new FieldChange(oldValue, newValue));
            }
        }
        return changes;
    }
}
