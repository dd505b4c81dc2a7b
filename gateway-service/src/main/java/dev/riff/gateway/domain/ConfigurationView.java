package dev.riff.gateway.domain;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.Setting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A server's or a channel's stored settings as config-service answers them, read through the
 * {@link Setting} catalogue; fields that are not settings (ids, version, timestamps) are kept aside.
 */
public final class ConfigurationView {

    private final Map<String, JsonNode> fields = new LinkedHashMap<>();

    @JsonAnySetter
    void put(String name, JsonNode value) {
        fields.put(name, value);
    }

    /** The setting's stored value; empty when this configuration has none (a channel that inherits, a role never set). */
    public Optional<JsonNode> value(Setting setting) {
        return Optional.ofNullable(fields.get(setting.key())).filter(value -> !value.isNull());
    }

    /** Whether this configuration has the setting at all (a server has no channel-only settings). */
    public boolean has(Setting setting) {
        return fields.containsKey(setting.key());
    }
}
