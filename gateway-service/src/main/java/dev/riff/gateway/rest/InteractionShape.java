package dev.riff.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.support.rest.Problem;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an interaction from Discord's HTTP endpoint must look like before anything reads it: ids are
 * snowflakes, the member is an object whose permissions are a decimal bit set, strings are bounded.
 * Discord signs what it sends, but a signed payload is still input.
 */
final class InteractionShape {

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{17,20}");
    private static final Pattern PERMISSIONS = Pattern.compile("[0-9]{1,19}");
    private static final int MAX_TOKEN = 1000;
    private static final int MAX_NAME = 100;

    private InteractionShape() {
    }

    /** The first field that is not as Discord documents it, or empty. */
    static Optional<Problem.FieldError> check(JsonNode interaction) {
        if (!snowflake(interaction.path("id"))) {
            return error("id", "must be a Discord snowflake id");
        }
        JsonNode token = interaction.path("token");
        if (!token.isTextual() || token.asText().isEmpty() || token.asText().length() > MAX_TOKEN) {
            return error("token", "must be a non-empty string of at most " + MAX_TOKEN + " characters");
        }
        if (interaction.has("guild_id") && !interaction.path("guild_id").isNull() && !snowflake(interaction.path("guild_id"))) {
            return error("guild_id", "must be a Discord snowflake id");
        }
        if (interaction.has("channel_id") && !snowflake(interaction.path("channel_id"))) {
            return error("channel_id", "must be a Discord snowflake id");
        }
        if (interaction.hasNonNull("guild_id")) {
            JsonNode member = interaction.path("member");
            if (!member.isObject()) {
                return error("member", "must be an object in a server's interaction");
            }
            if (!snowflake(member.path("user").path("id"))) {
                return error("member.user.id", "must be a Discord snowflake id");
            }
            if (!member.path("permissions").isTextual() || !PERMISSIONS.matcher(member.path("permissions").asText()).matches()) {
                return error("member.permissions", "must be a decimal permission bit set");
            }
            JsonNode roles = member.path("roles");
            if (!roles.isMissingNode() && !roles.isArray()) {
                return error("member.roles", "must be an array of role ids");
            }
            for (JsonNode role : roles) {
                if (!snowflake(role)) {
                    return error("member.roles", "must be an array of role ids");
                }
            }
        }
        JsonNode data = interaction.path("data");
        if (!data.isMissingNode() && !data.isObject()) {
            return error("data", "must be an object");
        }
        if (data.has("name") && (!data.path("name").isTextual() || data.path("name").asText().length() > MAX_NAME)) {
            return error("data.name", "must be a string of at most " + MAX_NAME + " characters");
        }
        if (data.has("options") && !data.path("options").isArray()) {
            return error("data.options", "must be an array");
        }
        return Optional.empty();
    }

    private static boolean snowflake(JsonNode value) {
        return value.isTextual() && SNOWFLAKE.matcher(value.asText()).matches();
    }

    private static Optional<Problem.FieldError> error(String field, String reason) {
        return Optional.of(new Problem.FieldError(field, reason));
    }
}
