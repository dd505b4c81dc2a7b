package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.devkit.discord.DiscordState.Guild;
import dev.riff.devkit.discord.DiscordState.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Interactions as Discord runs them: created when a member uses a command, a component or
 * autocomplete; acknowledged once within 3 seconds through the callback; then edited and followed
 * up through the interaction webhook for 15 minutes.
 */
public final class Interactions {

    public static final Duration ACKNOWLEDGE_WITHIN = Duration.ofSeconds(3);
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    /** Interaction types. */
    public static final int PING = 1, APPLICATION_COMMAND = 2, MESSAGE_COMPONENT = 3, AUTOCOMPLETE = 4;

    /** One interaction and everything the bot answered to it. */
    public static final class Interaction {
        public final String id = Snowflakes.next();
        public final String token = "sim." + UUID.randomUUID().toString().replace("-", "");
        public final int type;
        public final String guildId;
        public final String channelId;
        public final String userId;
        public final ObjectNode payload;
        public final Instant createdAt = Instant.now();
        /** The callback the bot answered with (type and data), or null while unanswered. */
        public volatile JsonNode callback;
        public volatile Instant acknowledgedAt;
        public volatile String originalMessageId;
        public final List<String> followupMessageIds = new CopyOnWriteArrayList<>();

        Interaction(int type, String guildId, String channelId, String userId, ObjectNode payload) {
            this.type = type;
            this.guildId = guildId;
            this.channelId = channelId;
            this.userId = userId;
            this.payload = payload;
        }

        public int callbackType() {
            return callback == null ? 0 : callback.path("type").asInt();
        }
    }

    /** The answer to an acknowledgement: an HTTP status and body, as the callback route returns them. */
    public record Acknowledgement(int status, ObjectNode body) {
    }

    private static final int FLAG_EPHEMERAL = 1 << 6;
    private static final int FLAG_LOADING = 1 << 7;

    private final DiscordState state;
    private final Map<String, Interaction> byId = new ConcurrentHashMap<>();
    private final Map<String, Interaction> byToken = new ConcurrentHashMap<>();

    Interactions(DiscordState state) {
        this.state = state;
    }

    /**
     * A slash command: {@code options} are Discord option objects ({name, type, value} or nested for
     * sub-commands); the command must be registered.
     */
    public Interaction command(String guildId, String channelId, String userId, String name, ArrayNode options) {
        Map<String, Object> command = registered(guildId, name)
                .orElseThrow(() -> new IllegalArgumentException("command /" + name + " is not registered"));
        ObjectNode data = DiscordJson.MAPPER.createObjectNode();
        data.put("id", String.valueOf(command.get("id")));
        data.put("name", name);
        data.put("type", 1);
        data.set("options", options == null ? DiscordJson.MAPPER.createArrayNode() : options);
        if (!String.valueOf(command.getOrDefault("guild_id", "")).isEmpty() && command.get("guild_id") != null) {
            data.put("guild_id", String.valueOf(command.get("guild_id")));
        }
        data.putObject("resolved");
        return create(APPLICATION_COMMAND, guildId, channelId, userId, data, null);
    }

    /** Autocomplete for a command option; the focused option carries {@code "focused": true}. */
    public Interaction autocomplete(String guildId, String channelId, String userId, String name, ArrayNode options) {
        Interaction command = command(guildId, channelId, userId, name, options);
        byId.remove(command.id);
        byToken.remove(command.token);
        return create(AUTOCOMPLETE, guildId, channelId, userId, (ObjectNode) command.payload.get("data"), null);
    }

    /** A button press on a message the bot sent. */
    public Interaction button(String guildId, String channelId, String userId, String messageId, String customId) {
        DiscordState.Message message = state.message(channelId, messageId)
                .orElseThrow(() -> new IllegalArgumentException("no message " + messageId + " in channel " + channelId));
        ObjectNode data = DiscordJson.MAPPER.createObjectNode();
        data.put("custom_id", customId);
        data.put("component_type", 2);
        ObjectNode messageJson = DiscordJson.message(message, state.botUser(), guildId);
        return create(MESSAGE_COMPONENT, guildId, channelId, userId, data, messageJson);
    }

    private Interaction create(int type, String guildId, String channelId, String userId, ObjectNode data, ObjectNode message) {
        Guild guild = state.guild(guildId);
        Member member = Optional.ofNullable(guild.members.get(userId))
                .orElseThrow(() -> new IllegalArgumentException("user " + userId + " is not a member of guild " + guildId));
        DiscordState.Channel channel = state.channel(channelId)
                .orElseThrow(() -> new IllegalArgumentException("unknown channel " + channelId));
        ObjectNode payload = DiscordJson.MAPPER.createObjectNode();
        Interaction interaction = new Interaction(type, guildId, channelId, userId, payload);
        payload.put("id", interaction.id);
        payload.put("application_id", state.applicationId());
        payload.put("type", type);
        payload.set("data", data);
        payload.put("guild_id", guildId);
        ObjectNode guildNode = payload.putObject("guild");
        guildNode.put("id", guildId);
        guildNode.put("locale", guild.preferredLocale);
        guildNode.putArray("features");
        payload.set("channel", DiscordJson.channel(channel));
        payload.put("channel_id", channelId);
        payload.set("member", DiscordJson.interactionMember(guild, member));
        payload.put("token", interaction.token);
        payload.put("version", 1);
        if (message != null) {
            payload.set("message", message);
        }
        payload.put("app_permissions", Long.toString(guild.permissionsOf(state.botUser().id())));
        payload.put("locale", "en-US");
        payload.put("guild_locale", guild.preferredLocale);
        // Discord sends the invoking user's and the guild's active entitlements with every interaction.
        ArrayNode entitlements = payload.putArray("entitlements");
        state.activeEntitlements(userId, guildId, Instant.now())
                .forEach(e -> entitlements.add(DiscordJson.entitlement(e, state.applicationId())));
        payload.putObject("authorizing_integration_owners").put("0", guildId);
        payload.put("context", 0);
        payload.put("attachment_size_limit", 10 * 1024 * 1024);
        byId.put(interaction.id, interaction);
        byToken.put(interaction.token, interaction);
        return interaction;
    }

    private Optional<Map<String, Object>> registered(String guildId, String name) {
        return java.util.stream.Stream.concat(state.guildCommands(guildId).stream(), state.globalCommands().stream())
                .filter(c -> name.equals(c.get("name")))
                .findFirst();
    }

    /**
     * Applies an interaction response (callback): once, within 3 seconds, of a type that fits the
     * interaction. Deferrals create the "thinking…" message that later edits replace.
     */
    public Acknowledgement acknowledge(Interaction interaction, JsonNode body, boolean withResponse) {
        if (interaction == null || interaction.createdAt.plus(ACKNOWLEDGE_WITHIN).isBefore(Instant.now())) {
            return new Acknowledgement(404, DiscordJson.error(10062, "Unknown interaction"));
        }
        if (body == null || !body.has("type")) {
            return new Acknowledgement(400, DiscordJson.error(50035, "Invalid Form Body: type is required"));
        }
        int type = body.path("type").asInt();
        JsonNode data = body.path("data");
        String invalid = RestApi.validateMessage(data);
        if (invalid != null) {
            return new Acknowledgement(400, DiscordJson.error(50035, invalid));
        }
        synchronized (interaction) {
            if (interaction.callback != null) {
                return new Acknowledgement(400, DiscordJson.error(40060, "Interaction has already been acknowledged."));
            }
            boolean allowed = switch (type) {
                case 4, 5 -> interaction.type == APPLICATION_COMMAND || interaction.type == MESSAGE_COMPONENT;
                case 6, 7 -> interaction.type == MESSAGE_COMPONENT;
                case 8 -> interaction.type == AUTOCOMPLETE;
                case 9 -> interaction.type != AUTOCOMPLETE;
                default -> false;
            };
            if (!allowed) {
                return new Acknowledgement(400, DiscordJson.error(50035,
                        "Invalid Form Body: callback type " + type + " does not fit interaction type " + interaction.type));
            }
            interaction.callback = body;
            interaction.acknowledgedAt = Instant.now();
            DiscordState.Message message = null;
            if (type == 4 || type == 5) {
                Map<String, Object> messageBody = RestApi.toMap(data);
                int flags = messageBody.containsKey("flags") ? ((Number) messageBody.get("flags")).intValue() : 0;
                if (type == 5) {
                    messageBody = new java.util.LinkedHashMap<>();
                    messageBody.put("flags", (flags & FLAG_EPHEMERAL) | FLAG_LOADING);
                }
                message = state.addMessage(interaction.channelId, state.botUser().id(), messageBody, interaction.id);
                interaction.originalMessageId = message.id();
            } else if (type == 6 || type == 7) {
                String messageId = interaction.payload.path("message").path("id").asText();
                interaction.originalMessageId = messageId;
                DiscordState.Message target = state.message(interaction.channelId, messageId).orElse(null);
                if (type == 7 && target != null) {
                    message = state.replaceMessage(target, RestApi.merge(target.body(), data));
                }
            }
            if (!withResponse) {
                return new Acknowledgement(204, null);
            }
            ObjectNode response = DiscordJson.MAPPER.createObjectNode();
            ObjectNode interactionNode = response.putObject("interaction");
            interactionNode.put("id", interaction.id);
            interactionNode.put("type", interaction.type);
            interactionNode.putNull("activity_instance_id");
            interactionNode.put("response_message_id", interaction.originalMessageId);
            interactionNode.put("response_message_loading", type == 5);
            interactionNode.put("response_message_ephemeral",
                    message != null && (((Number) message.body().getOrDefault("flags", 0)).intValue() & FLAG_EPHEMERAL) != 0);
            ObjectNode resource = response.putObject("resource");
            resource.put("type", type);
            if (message != null) {
                resource.set("message", DiscordJson.message(message, state.botUser(), interaction.guildId));
            }
            return new Acknowledgement(200, response);
        }
    }

    public Optional<Interaction> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Interaction> byToken(String token) {
        Interaction interaction = byToken.get(token);
        if (interaction == null || interaction.createdAt.plus(TOKEN_LIFETIME).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(interaction);
    }

    public List<Interaction> all() {
        return List.copyOf(byId.values());
    }
}
