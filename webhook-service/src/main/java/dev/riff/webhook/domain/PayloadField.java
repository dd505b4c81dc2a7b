package dev.riff.webhook.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.support.rest.Snowflake;
import java.util.List;

/** One field of a webhook payload, as its JSON Schema publishes it: a JSON type, optional format and pattern, what it means. */
public record PayloadField(String name, String type, String format, String pattern, String description) {

    public static final PayloadField GUILD = snowflake("guildId", "The server");

    public static PayloadField text(String name, String description) {
        return new PayloadField(name, "string", null, null, description);
    }

    public static PayloadField snowflake(String name, String description) {
        return new PayloadField(name, "string", null, "^" + Snowflake.PATTERN + "$", description + " (a Discord id)");
    }

    public static PayloadField integer(String name, String description) {
        return new PayloadField(name, "integer", null, null, description);
    }

    public static PayloadField bool(String name, String description) {
        return new PayloadField(name, "boolean", null, null, description);
    }

    public static PayloadField instant(String name, String description) {
        return new PayloadField(name, "string", "date-time", null, description);
    }

    public static PayloadField object(String name, String description) {
        return new PayloadField(name, "object", null, null, description);
    }

    /** The fields a track's start and end carry. */
    static List<PayloadField> track() {
        return List.of(GUILD, text("title", "The track's title, as its source names it"), new PayloadField("url", "string", "uri", null, "Where it plays from"),
                text("source", "Its source, for example youtube, soundcloud or http"), snowflake("requestedBy", "The member who queued it"),
                integer("durationMs", "Its length in milliseconds; 0 for a stream"), integer("positionMs", "Where playback was, in milliseconds"));
    }

    /** This field's JSON Schema. */
    public ObjectNode schema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", type);
        if (format != null) {
            schema.put("format", format);
        }
        if (pattern != null) {
            schema.put("pattern", pattern);
        }
        return schema.put("description", description);
    }
}
