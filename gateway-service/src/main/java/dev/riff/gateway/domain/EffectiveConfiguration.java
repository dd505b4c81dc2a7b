package dev.riff.gateway.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** A guild's configuration as it applies in one channel, as config-service computes it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EffectiveConfiguration(String guildId, String channelId, Map<String, Object> values, Map<String, String> sources) {

    public EffectiveConfiguration {
        sources = sources == null ? Map.of() : sources;
    }

    /** The server's language setting when an admin chose one; null while it is the default. */
    public String configuredLanguage() {
        return "default".equals(sources.getOrDefault("language", "default")) ? null : text("language");
    }

    public boolean flag(String name, boolean fallback) {
        Object value = values.get(name);
        return value instanceof Boolean b ? b : fallback;
    }

    public double number(String name, double fallback) {
        Object value = values.get(name);
        return value instanceof Number n ? n.doubleValue() : fallback;
    }

    public String text(String name) {
        Object value = values.get(name);
        return value == null ? null : value.toString();
    }

    public boolean musicEnabled() {
        return flag("musicEnabled", true);
    }

    public boolean djOnlyMode() {
        return flag("djOnlyMode", false);
    }

    public String djRoleId() {
        return text("djRoleId");
    }

    public boolean voteSkipEnabled() {
        return flag("voteSkipEnabled", true);
    }

    public boolean ephemeralMessages() {
        return flag("ephemeralMessages", false);
    }
}
