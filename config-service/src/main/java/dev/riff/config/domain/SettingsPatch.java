package dev.riff.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.Setting;
import dev.riff.support.rest.InvalidInputException;
import dev.riff.support.rest.Problem;
import dev.riff.support.rest.StrictInput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A partial update of a server's or a channel's settings, read against the {@link Setting} catalogue:
 * settings absent or null stay as they are; for a channel, the ones in {@code inherit} go back to
 * inheriting the server's value.
 */
public record SettingsPatch(Map<Setting, JsonNode> values, List<Setting> inherit) {

    private static final String INHERIT = "inherit";

    public SettingsPatch {
        values = Map.copyOf(values);
        inherit = List.copyOf(inherit);
    }

    /** Reads a server's patch, refusing every field that is not a server setting with a valid value. */
    public static SettingsPatch forServer(ObjectNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<Setting, JsonNode> values = settings(body, false, errors);
        return valid(new SettingsPatch(values, List.of()), errors);
    }

    /** Reads a channel's patch: channel settings with valid values, and {@code inherit}, a list of channel settings. */
    public static SettingsPatch forChannel(ObjectNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<Setting, JsonNode> values = settings(body, true, errors);
        List<Setting> inherit = inherit(body.get(INHERIT), errors);
        for (int i = 0; i < inherit.size(); i++) {
            if (values.containsKey(inherit.get(i))) {
                errors.add(new Problem.FieldError(INHERIT + "[" + i + "]",
                        "cannot inherit " + inherit.get(i).key() + " and set it in the same change"));
            }
        }
        return valid(new SettingsPatch(values, inherit), errors);
    }

    /** The values as JSON, ready to be written onto a configuration entity. */
    public ObjectNode asJson() {
        ObjectNode json = CloudEventCodec.mapper().createObjectNode();
        values.forEach((setting, value) -> json.set(setting.key(), value));
        return json;
    }

    private static Map<Setting, JsonNode> settings(ObjectNode body, boolean channel, List<Problem.FieldError> errors) {
        Map<Setting, JsonNode> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (channel && name.equals(INHERIT)) {
                continue;
            }
            var setting = Setting.byKey(name);
            if (setting.isEmpty()) {
                errors.add(new Problem.FieldError(name, "is not a known field"));
                continue;
            }
            if (channel ? !setting.get().channelMaySet() : !setting.get().serverMaySet()) {
                errors.add(new Problem.FieldError(name, channel ? "applies to the whole server, not one channel" : "can only be set per channel"));
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            String problem = value.isTextual() && !StrictInput.clean(value.asText())
                    ? "must not contain NUL or an unpaired surrogate"
                    : setting.get().problem(value).orElse(null);
            if (problem != null) {
                errors.add(new Problem.FieldError(name, problem));
            } else {
                values.put(setting.get(), value);
            }
        }
        return values;
    }

    private static List<Setting> inherit(JsonNode names, List<Problem.FieldError> errors) {
        if (names == null || names.isNull()) {
            return List.of();
        }
        int channelSettings = Setting.channelSettings().size();
        if (!names.isArray() || names.size() > channelSettings) {
            errors.add(new Problem.FieldError(INHERIT, "must be a list of at most the " + channelSettings + " channel settings"));
            return List.of();
        }
        List<Setting> inherit = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            var setting = names.get(i).isTextual() ? Setting.byKey(names.get(i).asText()).filter(Setting::channelMaySet) : Optional.<Setting>empty();
            if (setting.isEmpty()) {
                errors.add(new Problem.FieldError(INHERIT + "[" + i + "]", "must name a channel setting"));
            } else {
                inherit.add(setting.get());
            }
        }
        return inherit;
    }

    private static SettingsPatch valid(SettingsPatch patch, List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return patch;
    }
}
