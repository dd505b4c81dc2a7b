package dev.riff.config.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.ServerConfigurationChanged.FieldChange;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Applying a partial update to a configuration entity and telling what changed, field by field. */
final class ConfigurationPatches {

    /** Writes only the fields a patch sets. */
    private static final ObjectMapper PATCH_MAPPER = CloudEventCodec.mapper().copy()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private ConfigurationPatches() {
    }

    /** Applies the patch's non-null fields and returns the changes (empty when nothing changed). */
    static Map<String, FieldChange> apply(Object configuration, Object patch) {
        ObjectNode before = comparable(configuration);
        try {
            PATCH_MAPPER.updateValue(configuration, PATCH_MAPPER.valueToTree(patch));
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
