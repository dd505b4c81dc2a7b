package dev.riff.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting a guild can change, declared once: its JSON name, the value's type and rule, where it
 * may be set, its default, whether {@code /config set} offers it, and what the free tier caps it to.
 * config-service validates and caps with it, the gateway builds its command choices and reads values
 * with it, and the database's column defaults are checked against it.
 */
public enum Setting {
    SPOTIFY_ENABLED("spotifyEnabled", Rule.flag(), Scope.SERVER_AND_CHANNEL, false, false, false),
    APPLE_MUSIC_ENABLED("appleMusicEnabled", Rule.flag(), Scope.SERVER_AND_CHANNEL, false, false, false),
    DEEZER_ENABLED("deezerEnabled", Rule.flag(), Scope.SERVER_AND_CHANNEL, false, false, false),
    LYRICS_ENABLED("lyricsEnabled", Rule.flag(), Scope.SERVER_AND_CHANNEL, false, true, false),
    SPONSOR_BLOCK_ENABLED("sponsorBlockEnabled", Rule.flag(), Scope.SERVER_AND_CHANNEL, false, false, false),
    ADVANCED_SEARCH_ENABLED("advancedSearchEnabled", Rule.flag(), Scope.SERVER, false, false, false),
    MAX_AUDIO_QUALITY("maxAudioQuality", Rule.oneOf("low", "standard", "high", "lossless"), Scope.SERVER, "standard", false, "standard"),
    VOLUME_LIMIT("volumeLimit", Rule.between(1, 200, ""), Scope.SERVER_AND_CHANNEL, 100, true, null),
    MAX_QUEUE_SIZE("maxQueueSize", Rule.between(1, 10_000, ""), Scope.SERVER_AND_CHANNEL, 100, true, 100),
    MAX_SONG_DURATION("maxSongDuration", Rule.between(1, 86_400, " seconds"), Scope.SERVER_AND_CHANNEL, 3600, true, null),
    ALLOW_EXPLICIT_CONTENT("allowExplicitContent", Rule.flag(), Scope.SERVER_AND_CHANNEL, true, false, null),
    DJ_ROLE_ID("djRoleId", Rule.matching("[0-9]{17,20}", "must be a Discord snowflake id"), Scope.SERVER, null, true, null),
    DJ_ONLY_MODE("djOnlyMode", Rule.flag(), Scope.SERVER_AND_CHANNEL, false, true, null),
    VOTE_SKIP_ENABLED("voteSkipEnabled", Rule.flag(), Scope.SERVER, true, true, null),
    VOTE_SKIP_THRESHOLD("voteSkipThreshold", Rule.share(), Scope.SERVER, 0.5, true, null),
    AUTOPLAY_ENABLED("autoplayEnabled", Rule.flag(), Scope.SERVER, false, true, null),
    AUTOPLAY_MODE("autoplayMode", Rule.oneOf("similar", "history"), Scope.SERVER, "similar", false, null),
    AUTOPLAY_QUEUE_SIZE("autoplayQueueSize", Rule.between(1, 25, ""), Scope.SERVER, 5, false, null),
    EPHEMERAL_MESSAGES("ephemeralMessages", Rule.flag(), Scope.SERVER, false, true, null),
    PERSISTENT_CONNECTION("persistentConnection", Rule.flag(), Scope.SERVER, false, false, false),
    PREFIX("prefix", Rule.prefix(), Scope.SERVER, "!", false, null),
    LANGUAGE("language", Rule.matching("[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?",
            "must be a language tag like en, en-US or es-419"), Scope.SERVER, "en-US", true, null),
    MUSIC_ENABLED("musicEnabled", Rule.flag(), Scope.CHANNEL, true, true, null),
    PLAYLISTS_ENABLED("playlistsEnabled", Rule.flag(), Scope.CHANNEL, true, true, null);

    /** Where a setting may be given a value. */
    public enum Scope {
        /** Server-wide only. */
        SERVER,
        /** Server-wide, and a channel may override it. */
        SERVER_AND_CHANNEL,
        /** Per channel only: the server has no value, so channels start from the default. */
        CHANNEL
    }

    /** The JSON type a value must have. */
    public enum Kind {
        FLAG, WHOLE_NUMBER, NUMBER, TEXT
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<Setting> CONFIGURABLE = Arrays.stream(values()).filter(setting -> setting.inConfigCommand).toList();
    private static final List<Setting> CHANNEL_SETTINGS = Arrays.stream(values()).filter(Setting::channelMaySet).toList();
    private static final List<Setting> SERVER_SETTINGS = Arrays.stream(values()).filter(Setting::serverMaySet).toList();

    private final String key;
    private final Rule rule;
    private final Scope scope;
    private final JsonNode defaultValue;
    private final boolean inConfigCommand;
    private final JsonNode freeTierCap;

    Setting(String key, Rule rule, Scope scope, Object defaultValue, boolean inConfigCommand, Object freeTierCap) {
        this.key = key;
        this.rule = rule;
        this.scope = scope;
        this.defaultValue = CloudEventCodec.mapper().valueToTree(defaultValue);
        this.inConfigCommand = inConfigCommand;
        this.freeTierCap = freeTierCap == null ? null : CloudEventCodec.mapper().valueToTree(freeTierCap);
    }

    /** The setting with this JSON name. */
    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(setting -> setting.key.equals(key)).findFirst();
    }

    /** The settings {@code /config set} offers, in catalogue order (Discord allows 25 choices). */
    public static List<Setting> configurable() {
        return CONFIGURABLE;
    }

    /** The settings a channel may give a value. */
    public static List<Setting> channelSettings() {
        return CHANNEL_SETTINGS;
    }

    /** The settings a server may give a value. */
    public static List<Setting> serverSettings() {
        return SERVER_SETTINGS;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return rule.kind();
    }

    public Scope scope() {
        return scope;
    }

    public boolean channelMaySet() {
        return scope != Scope.SERVER;
    }

    public boolean serverMaySet() {
        return scope != Scope.CHANNEL;
    }

    /** The value a guild starts with (JSON null for none). */
    public JsonNode defaultValue() {
        return defaultValue;
    }

    /** The most the free tier allows, or empty when the free tier has the setting in full. */
    public Optional<JsonNode> freeTierCap() {
        return Optional.ofNullable(freeTierCap);
    }

    /** The choices a text setting takes, in rising order, or empty for any text its rule allows. */
    public List<String> choices() {
        return rule.choices();
    }

    /**
     * Why {@code value} cannot be this setting's value, in the words an API client is shown, or empty
     * when it can. JSON null is never a value: callers treat it as "not given".
     */
    public Optional<String> problem(JsonNode value) {
        String typeProblem = switch (rule.kind()) {
            case FLAG -> value.isBoolean() ? null : "must be true or false";
            case WHOLE_NUMBER -> value.isIntegralNumber() && value.canConvertToInt() ? null : "must be a whole number";
            case NUMBER -> value.isNumber() ? null : "must be a number";
            case TEXT -> value.isTextual() ? null : "must be a string";
        };
        return typeProblem != null ? Optional.of(typeProblem) : Optional.ofNullable(rule.check().apply(value));
    }

    /**
     * The value as a member typed it in a command, read as this setting's JSON type: "on"/"off" and
     * "yes"/"no" are flags too. Text that does not read as the type stays text, for {@link #problem} to refuse.
     */
    public JsonNode parse(String typed) {
        String text = typed.trim();
        return switch (rule.kind()) {
            case FLAG -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes" -> NODES.booleanNode(true);
                case "false", "off", "no" -> NODES.booleanNode(false);
                default -> NODES.textNode(text);
            };
            case WHOLE_NUMBER -> text.matches("-?[0-9]{1,9}") ? NODES.numberNode(Integer.parseInt(text)) : NODES.textNode(text);
            case NUMBER -> text.matches("-?[0-9]{0,9}(\\.[0-9]{1,9})?") && !text.isEmpty() && !text.equals("-")
                    ? NODES.numberNode(Double.parseDouble(text)) : NODES.textNode(text);
            case TEXT -> NODES.textNode(text);
        };
    }

    /** The value the free tier allows in place of {@code value}: lowered to the cap, or as it is. */
    public JsonNode capForFreeTier(JsonNode value) {
        if (freeTierCap == null || value == null || value.isNull()) {
            return value;
        }
        boolean above = switch (rule.kind()) {
            case FLAG -> value.asBoolean() && !freeTierCap.asBoolean();
            case WHOLE_NUMBER, NUMBER -> value.asDouble() > freeTierCap.asDouble();
            case TEXT -> choices().indexOf(value.asText()) > choices().indexOf(freeTierCap.asText());
        };
        return above ? freeTierCap : value;
    }

    /** A value's type and the check of its bounds, which returns the problem or null. */
    record Rule(Kind kind, Function<JsonNode, String> check, List<String> choices) {

        static Rule flag() {
            return new Rule(Kind.FLAG, value -> null, List.of());
        }

        /** A whole number from min to max; the unit, if any, ends the message (" seconds"). */
        static Rule between(int min, int max, String unit) {
            String message = "must be between " + min + " and " + max + unit;
            return new Rule(Kind.WHOLE_NUMBER, value -> value.asInt() < min || value.asInt() > max ? message : null, List.of());
        }

        /** A share above 0 and at most 1. */
        static Rule share() {
            return new Rule(Kind.NUMBER, value -> value.asDouble() <= 0 || value.asDouble() > 1
                    ? "must be greater than 0 and at most 1" : null, List.of());
        }

        /** One of the choices, given in rising order so that a cap can compare them. */
        static Rule oneOf(String... choices) {
            List<String> allowed = List.of(choices);
            String message = "must be one of " + String.join(", ", allowed);
            return new Rule(Kind.TEXT, value -> allowed.contains(value.asText()) ? null : message, allowed);
        }

        static Rule matching(String regex, String message) {
            return new Rule(Kind.TEXT, value -> value.asText().matches(regex) ? null : message, List.of());
        }

        /** A command prefix: 1 to 5 characters, none of them white space. */
        static Rule prefix() {
            return new Rule(Kind.TEXT, value -> {
                String text = value.asText();
                if (text.isEmpty() || text.length() > 5) {
                    return "must be 1 to 5 characters";
                }
                return text.chars().anyMatch(Character::isWhitespace) ? "must not contain spaces" : null;
            }, List.of());
        }
    }
}
