package dev.riff.gateway.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.Setting;
import java.util.Map;

/** A guild's configuration as it applies in one channel, as config-service computes it, read through the {@link Setting} catalogue. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EffectiveConfiguration(String guildId, String channelId, Map<String, JsonNode> values, Map<String, String> sources) {

    public EffectiveConfiguration {
        values = values == null ? Map.of() : values;
        sources = sources == null ? Map.of() : sources;
    }

    /** The setting's value here, or its default when config-service did not send it. */
    public JsonNode value(Setting setting) {
        JsonNode value = values.get(setting.key());
        return value == null || value.isNull() || value.isMissingNode() ? setting.defaultValue() : value;
    }

    /** The server's language setting when an admin chose one; null while it is the default. */
    public String configuredLanguage() {
        return "default".equals(sources.getOrDefault(Setting.LANGUAGE.key(), "default")) ? null : value(Setting.LANGUAGE).asText();
    }

    public boolean musicEnabled() {
        return value(Setting.MUSIC_ENABLED).asBoolean();
    }

    public boolean djOnlyMode() {
        return value(Setting.DJ_ONLY_MODE).asBoolean();
    }

    /** The DJ role's id, or null when none is set. */
    public String djRoleId() {
        JsonNode role = value(Setting.DJ_ROLE_ID);
        return role.isNull() ? null : role.asText();
    }

    public boolean voteSkipEnabled() {
        return value(Setting.VOTE_SKIP_ENABLED).asBoolean();
    }

    public boolean ephemeralMessages() {
        return value(Setting.EPHEMERAL_MESSAGES).asBoolean();
    }

    /** The guild's tier, "free" unless config-service says otherwise. */
    public String subscriptionTier() {
        JsonNode tier = values.get("subscriptionTier");
        return tier == null || !tier.isTextual() ? "free" : tier.asText();
    }
}
