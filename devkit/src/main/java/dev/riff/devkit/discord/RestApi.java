package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.devkit.discord.DiscordState.Message;
import dev.riff.devkit.discord.Interactions.Interaction;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Discord's REST API v10, the part a music bot uses: gateway discovery, the bot user and
 * application, application commands, interaction callbacks and webhooks, channel messages, and the
 * premium-apps routes (SKUs, entitlements, test entitlements). Every request is recorded; responses
 * carry rate-limit headers, and 429s can be forced.
 */
public final class RestApi {

    /** A request the bot made, as the simulator received it. */
    public record RecordedRequest(Instant at, String method, String path, int status, JsonNode body) {
    }

    private static final int MESSAGE_CONTENT_LIMIT = 2000;
    /** Discord's JSON error codes for the premium-apps routes. */
    private static final int UNKNOWN_SKU = 10027, UNKNOWN_ENTITLEMENT = 10029;
    private static final int FLAG_LOADING = 1 << 7;

    private final DiscordState state;
    private final Interactions interactions;
    private final Monetization monetization;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger forcedRateLimits = new AtomicInteger();
    private volatile double forcedRetryAfterSeconds = 0.5;
    private volatile String gatewayUrl;
    private volatile int recommendedShards = 1;

    RestApi(DiscordState state, Interactions interactions, Monetization monetization) {
        this.state = state;
        this.interactions = interactions;
        this.monetization = monetization;
    }

    void gatewayUrl(String url) {
        this.gatewayUrl = url;
    }

    /** The shard count /gateway/bot recommends. */
    public void recommendedShards(int shards) {
        this.recommendedShards = shards;
    }

    /** The next {@code count} requests get 429 with Discord's headers and body. */
    public void rateLimitNext(int count, double retryAfterSeconds) {
        this.forcedRetryAfterSeconds = retryAfterSeconds;
        forcedRateLimits.set(count);
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    void mount(Router router) {
        router.route("/api/v10/*").handler(BodyHandler.create().setBodyLimit(8 * 1024 * 1024));
        router.route("/api/v10/*").handler(this::rateLimit);
        String api = "/api/v10";
        router.get(api + "/gateway").handler(ctx -> json(ctx, 200, obj().put("url", gatewayUrl)));
        router.get(api + "/gateway/bot").handler(bot(this::gatewayBot));
        router.get(api + "/users/@me").handler(bot(ctx -> json(ctx, 200, DiscordJson.selfUser(state.botUser()))));
        router.get(api + "/applications/@me").handler(bot(ctx -> json(ctx, 200, application())));
        router.get(api + "/oauth2/applications/@me").handler(bot(ctx -> json(ctx, 200, application())));
        router.get(api + "/applications/:app/commands").handler(bot(ctx -> json(ctx, 200, DiscordJson.MAPPER.valueToTree(state.globalCommands()))));
        router.put(api + "/applications/:app/commands").handler(bot(ctx -> overwriteCommands(ctx, null)));
        router.get(api + "/applications/:app/guilds/:guild/commands").handler(bot(ctx ->
                json(ctx, 200, DiscordJson.MAPPER.valueToTree(state.guildCommands(ctx.pathParam("guild"))))));
        router.put(api + "/applications/:app/guilds/:guild/commands").handler(bot(ctx -> overwriteCommands(ctx, ctx.pathParam("guild"))));
        router.post(api + "/interactions/:id/:token/callback").handler(this::callback);
        router.route(HttpMethod.GET, api + "/webhooks/:app/:token/messages/:message").handler(this::getWebhookMessage);
        router.route(HttpMethod.PATCH, api + "/webhooks/:app/:token/messages/:message").handler(this::editWebhookMessage);
        router.route(HttpMethod.DELETE, api + "/webhooks/:app/:token/messages/:message").handler(this::deleteWebhookMessage);
        router.post(api + "/webhooks/:app/:token").handler(this::followup);
        router.get(api + "/channels/:channel").handler(bot(ctx -> state.channel(ctx.pathParam("channel"))
                .ifPresentOrElse(c -> json(ctx, 200, DiscordJson.channel(c)), () -> unknown(ctx, 10003, "Unknown Channel"))));
        router.get(api + "/channels/:channel/messages").handler(bot(this::listMessages));
        router.post(api + "/channels/:channel/messages").handler(bot(this::createMessage));
        router.get(api + "/channels/:channel/messages/:message").handler(bot(ctx ->
                state.message(ctx.pathParam("channel"), ctx.pathParam("message"))
                        .ifPresentOrElse(m -> json(ctx, 200, render(m)), () -> unknown(ctx, 10008, "Unknown Message"))));
        router.get(api + "/applications/:app/skus").handler(bot(application(ctx -> json(ctx, 200,
                DiscordJson.MAPPER.valueToTree(monetization.skus())))));
        router.get(api + "/applications/:app/entitlements").handler(bot(application(this::listEntitlements)));
        router.post(api + "/applications/:app/entitlements").handler(bot(application(this::createTestEntitlement)));
        router.get(api + "/applications/:app/entitlements/:entitlement").handler(bot(application(ctx ->
                state.entitlement(ctx.pathParam("entitlement")).ifPresentOrElse(e -> json(ctx, 200, monetization.render(e)),
                        () -> unknown(ctx, UNKNOWN_ENTITLEMENT, "Unknown Entitlement")))));
        router.delete(api + "/applications/:app/entitlements/:entitlement").handler(bot(application(ctx -> {
            if (monetization.deleteTest(ctx.pathParam("entitlement"))) {
                json(ctx, 204, null);
            } else {
                unknown(ctx, UNKNOWN_ENTITLEMENT, "Unknown Entitlement");
            }
        })));
        router.post(api + "/applications/:app/entitlements/:entitlement/consume").handler(bot(application(ctx -> {
            if (monetization.consume(ctx.pathParam("entitlement"))) {
                json(ctx, 204, null);
            } else {
                unknown(ctx, UNKNOWN_ENTITLEMENT, "Unknown Entitlement");
            }
        })));
        router.route(api + "/*").handler(ctx -> json(ctx, 404, DiscordJson.error(0, "404: Not Found")));
    }

    // --- Cross-cutting: auth, rate limits, recording ------------------------------------------

    private io.vertx.core.Handler<RoutingContext> bot(io.vertx.core.Handler<RoutingContext> handler) {
        return ctx -> {
            String authorization = ctx.request().getHeader("Authorization");
            if (authorization == null || !authorization.equals("Bot " + state.botToken())) {
                json(ctx, 401, DiscordJson.error(0, "401: Unauthorized"));
                return;
            }
            handler.handle(ctx);
        };
    }

    /** Premium-apps routes name the application: only the bot's own. */
    private io.vertx.core.Handler<RoutingContext> application(io.vertx.core.Handler<RoutingContext> handler) {
        return ctx -> {
            if (!state.applicationId().equals(ctx.pathParam("app"))) {
                json(ctx, 403, DiscordJson.error(50001, "Missing Access"));
                return;
            }
            handler.handle(ctx);
        };
    }

    private void rateLimit(RoutingContext ctx) {
        String bucket = Integer.toHexString((ctx.request().method() + ctx.normalizedPath().replaceAll("/[0-9]{15,}", "/:id")).hashCode());
        ctx.response().putHeader("X-RateLimit-Bucket", bucket);
        if (forcedRateLimits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ctx.response().putHeader("X-RateLimit-Limit", "5")
                    .putHeader("X-RateLimit-Remaining", "0")
                    .putHeader("X-RateLimit-Reset", String.format("%.3f", System.currentTimeMillis() / 1000.0 + forcedRetryAfterSeconds))
                    .putHeader("X-RateLimit-Reset-After", String.format("%.3f", forcedRetryAfterSeconds))
                    .putHeader("X-RateLimit-Scope", "user")
                    // Without Via, clients take a 429 for a Cloudflare ban of every route.
                    .putHeader("Via", "1.1 google")
                    .putHeader("Retry-After", Integer.toString((int) Math.ceil(forcedRetryAfterSeconds)));
            ObjectNode body = obj().put("message", "You are being rate limited.").put("retry_after", forcedRetryAfterSeconds)
                    .put("global", false).put("code", 0);
            json(ctx, 429, body);
            return;
        }
        ctx.response().putHeader("X-RateLimit-Limit", "50")
                .putHeader("X-RateLimit-Remaining", "49")
                .putHeader("X-RateLimit-Reset", String.format("%.3f", System.currentTimeMillis() / 1000.0 + 1))
                .putHeader("X-RateLimit-Reset-After", "1.000");
        ctx.next();
    }

    private void json(RoutingContext ctx, int status, JsonNode body) {
        requests.add(new RecordedRequest(Instant.now(), ctx.request().method().name(), ctx.normalizedPath(), status, requestBody(ctx)));
        ctx.response().setStatusCode(status);
        if (body == null) {
            ctx.response().end();
        } else {
            ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
        }
    }

    private void unknown(RoutingContext ctx, int code, String message) {
        json(ctx, 404, DiscordJson.error(code, message));
    }

    /** The JSON the client sent: the body, or the payload_json part of a multipart body. */
    private static JsonNode requestBody(RoutingContext ctx) {
        try {
            String payloadJson = ctx.request().getFormAttribute("payload_json");
            if (payloadJson != null) {
                return DiscordJson.parse(payloadJson);
            }
            String body = ctx.body() == null ? null : ctx.body().asString();
            return body == null || body.isBlank() ? null : DiscordJson.parse(body);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    // --- Gateway and application ---------------------------------------------------------------

    private void gatewayBot(RoutingContext ctx) {
        ObjectNode body = obj().put("url", gatewayUrl).put("shards", recommendedShards);
        body.putObject("session_start_limit").put("total", 1000).put("remaining", 999)
                .put("reset_after", 86_400_000).put("max_concurrency", 1);
        json(ctx, 200, body);
    }

    private ObjectNode application() {
        ObjectNode app = obj();
        app.put("id", state.applicationId());
        app.put("name", state.botUser().username());
        app.putNull("icon");
        app.put("description", "Simulated application");
        app.putArray("rpc_origins");
        app.put("bot_public", true);
        app.put("bot_require_code_grant", false);
        app.set("bot", DiscordJson.user(state.botUser()));
        app.put("terms_of_service_url", (String) null);
        app.put("privacy_policy_url", (String) null);
        app.set("owner", DiscordJson.user(state.botUser()));
        app.put("verify_key", state.publicKeyHex());
        app.putNull("team");
        app.put("flags", (1 << 19) | (1 << 15) | (1 << 13));
        app.put("approximate_guild_count", state.guilds().size());
        app.putArray("tags");
        app.put("hook", true);
        app.put("integration_public", true);
        app.put("integration_require_code_grant", false);
        app.putArray("redirect_uris");
        app.putNull("interactions_endpoint_url");
        app.putNull("custom_install_url");
        return app;
    }

    private void overwriteCommands(RoutingContext ctx, String guildId) {
        JsonNode body = requestBody(ctx);
        if (body == null || !body.isArray()) {
            json(ctx, 400, DiscordJson.error(50035, "Invalid Form Body: expected an array of commands"));
            return;
        }
        List<Map<String, Object>> existing = guildId == null ? state.globalCommands() : state.guildCommands(guildId);
        List<Map<String, Object>> commands = new ArrayList<>();
        for (JsonNode command : body) {
            String name = command.path("name").asText("");
            if (!name.matches("[-_\\p{L}\\p{N}]{1,32}") || !name.equals(name.toLowerCase())) {
                json(ctx, 400, DiscordJson.error(50035, "Invalid Form Body: name '" + name + "' must be 1-32 lowercase characters"));
                return;
            }
            int type = command.path("type").asInt(1);
            if (type == 1 && (command.path("description").asText("").isEmpty() || command.path("description").asText().length() > 100)) {
                json(ctx, 400, DiscordJson.error(50035, "Invalid Form Body: description of '" + name + "' must be 1-100 characters"));
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> stored = DiscordJson.MAPPER.convertValue(command, LinkedHashMap.class);
            String id = existing.stream().filter(c -> name.equals(c.get("name"))).map(c -> String.valueOf(c.get("id")))
                    .findFirst().orElseGet(Snowflakes::next);
            stored.put("id", id);
            stored.put("application_id", state.applicationId());
            stored.put("version", Snowflakes.next());
            stored.putIfAbsent("type", 1);
            stored.putIfAbsent("description", "");
            stored.putIfAbsent("options", List.of());
            stored.putIfAbsent("default_member_permissions", null);
            stored.putIfAbsent("nsfw", false);
            stored.putIfAbsent("contexts", List.of(0));
            stored.putIfAbsent("integration_types", List.of(0));
            if (guildId != null) {
                stored.put("guild_id", guildId);
            }
            commands.add(stored);
        }
        if (guildId == null) {
            state.setGlobalCommands(commands);
        } else {
            state.setGuildCommands(guildId, commands);
        }
        json(ctx, 200, DiscordJson.MAPPER.valueToTree(commands));
    }

    // --- Premium apps: entitlements ------------------------------------------------------------

    /**
     * List Entitlements. With {@code after} the page runs oldest first from there; otherwise newest
     * first, below {@code before} if given. Clients page on with the last id of a page, as JDA does.
     */
    private void listEntitlements(RoutingContext ctx) {
        Instant now = Instant.now();
        io.vertx.core.MultiMap query = ctx.queryParams();
        try {
            String userId = snowflakeParam(query, "user_id");
            String guildId = snowflakeParam(query, "guild_id");
            String before = snowflakeParam(query, "before");
            String after = snowflakeParam(query, "after");
            java.util.Set<String> skuIds = new java.util.HashSet<>();
            String skuList = query.get("sku_ids");
            if (skuList != null && !skuList.isBlank()) {
                for (String skuId : skuList.split(",")) {
                    skuIds.add(requireSnowflake(skuId.trim(), "sku_ids"));
                }
            }
            int limit = intParam(query, "limit", 100);
            if (limit < 1 || limit > 100) {
                throw new IllegalArgumentException("limit: int value should be between 1 and 100");
            }
            long beforeKey = before == null ? 0 : Long.parseUnsignedLong(before);
            long afterKey = after == null ? 0 : Long.parseUnsignedLong(after);
            boolean excludeEnded = booleanParam(query, "exclude_ended", false);
            boolean excludeDeleted = booleanParam(query, "exclude_deleted", true);
            java.util.stream.Stream<DiscordState.Entitlement> matching = state.entitlements().stream()
                    .filter(e -> userId == null || userId.equals(e.userId()))
                    .filter(e -> guildId == null || guildId.equals(e.guildId()))
                    .filter(e -> skuIds.isEmpty() || skuIds.contains(e.skuId()))
                    .filter(e -> !excludeEnded || !e.endedAt(now))
                    .filter(e -> !excludeDeleted || !e.deleted())
                    .filter(e -> before == null || Long.compareUnsigned(Long.parseUnsignedLong(e.id()), beforeKey) < 0)
                    .filter(e -> after == null || Long.compareUnsigned(Long.parseUnsignedLong(e.id()), afterKey) > 0);
            List<DiscordState.Entitlement> page = new ArrayList<>(matching.toList());
            if (after == null) {
                java.util.Collections.reverse(page);
            }
            ArrayNode body = DiscordJson.MAPPER.createArrayNode();
            page.stream().limit(limit).forEach(e -> body.add(monetization.render(e)));
            json(ctx, 200, body);
        } catch (IllegalArgumentException e) {
            json(ctx, 400, DiscordJson.error(50035, "Invalid Form Body: " + e.getMessage()));
        }
    }

    /** Create Test Entitlement: {sku_id, owner_id, owner_type 1 guild / 2 user}; the ids may come as strings or numbers. */
    private void createTestEntitlement(RoutingContext ctx) {
        JsonNode body = requestBody(ctx);
        if (body == null || !body.isObject()) {
            json(ctx, 400, DiscordJson.error(50035, "Invalid Form Body: expected an object"));
            return;
        }
        String skuId = body.path("sku_id").asText("");
        String ownerId = body.path("owner_id").asText("");
        int ownerType = body.path("owner_type").asInt(0);
        if (!skuId.matches("[0-9]{1,20}") || !ownerId.matches("[0-9]{1,20}")
                || (ownerType != Monetization.OWNER_GUILD && ownerType != Monetization.OWNER_USER)) {
            json(ctx, 400, DiscordJson.error(50035,
                    "Invalid Form Body: sku_id and owner_id must be snowflakes, owner_type 1 (guild) or 2 (user)"));
            return;
        }
        DiscordState.Sku sku = state.sku(skuId).orElse(null);
        if (sku == null) {
            unknown(ctx, UNKNOWN_SKU, "Unknown SKU");
        } else if (ownerType == Monetization.OWNER_GUILD && state.findGuild(ownerId).isEmpty()) {
            unknown(ctx, 10004, "Unknown Guild");
        } else if (ownerType == Monetization.OWNER_USER && state.user(ownerId).isEmpty()) {
            unknown(ctx, 10013, "Unknown User");
        } else {
            json(ctx, 200, monetization.createTest(sku, ownerId, ownerType));
        }
    }

    private static String snowflakeParam(io.vertx.core.MultiMap query, String name) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? null : requireSnowflake(value, name);
    }

    private static String requireSnowflake(String value, String name) {
        if (!value.matches("[0-9]{1,20}")) {
            throw new IllegalArgumentException(name + ": value \"" + value + "\" is not snowflake");
        }
        return value;
    }

    private static int intParam(io.vertx.core.MultiMap query, String name, int fallback) {
        String value = query.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": value \"" + value + "\" is not int");
        }
    }

    /** Discord's boolean query strings: True, true or 1; False, false or 0. */
    private static boolean booleanParam(io.vertx.core.MultiMap query, String name, boolean fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value) {
            case "True", "true", "1" -> true;
            case "False", "false", "0" -> false;
            default -> throw new IllegalArgumentException(name + ": value \"" + value + "\" is not a boolean");
        };
    }

    // --- Interactions ----------------------------------------------------------------------------

    private void callback(RoutingContext ctx) {
        Interaction interaction = interactions.byId(ctx.pathParam("id"))
                .filter(i -> i.token.equals(ctx.pathParam("token")))
                .orElse(null);
        Interactions.Acknowledgement ack = interactions.acknowledge(interaction, requestBody(ctx),
                "true".equals(ctx.request().getParam("with_response")));
        json(ctx, ack.status(), ack.body());
    }

    private void getWebhookMessage(RoutingContext ctx) {
        webhookMessage(ctx).ifPresent(message -> json(ctx, 200, render(message)));
    }

    private void editWebhookMessage(RoutingContext ctx) {
        webhookMessage(ctx).ifPresent(message -> {
            JsonNode body = requestBody(ctx);
            String invalid = validateMessage(body);
            if (invalid != null) {
                json(ctx, 400, DiscordJson.error(50035, invalid));
                return;
            }
            Map<String, Object> updated = merge(message.body(), body);
            int flags = ((Number) updated.getOrDefault("flags", 0)).intValue() & ~FLAG_LOADING;
            updated.put("flags", flags);
            updated.put("edited_timestamp", DiscordJson.timestamp(Instant.now()));
            json(ctx, 200, render(state.replaceMessage(message, updated)));
        });
    }

    private void deleteWebhookMessage(RoutingContext ctx) {
        webhookMessage(ctx).ifPresent(message -> {
            state.deleteMessage(message);
            json(ctx, 204, null);
        });
    }

    private void followup(RoutingContext ctx) {
        Interaction interaction = interactions.byToken(ctx.pathParam("token")).orElse(null);
        if (interaction == null || !state.applicationId().equals(ctx.pathParam("app"))) {
            unknown(ctx, 10015, "Unknown Webhook");
            return;
        }
        if (interaction.callback == null) {
            unknown(ctx, 10015, "Unknown Webhook");
            return;
        }
        JsonNode body = requestBody(ctx);
        String invalid = validateMessage(body);
        if (invalid != null) {
            json(ctx, 400, DiscordJson.error(50035, invalid));
            return;
        }
        Message message = state.addMessage(interaction.channelId, state.botUser().id(), toMap(body), interaction.id);
        interaction.followupMessageIds.add(message.id());
        json(ctx, 200, render(message));
    }

    /** The interaction message a webhook route names, or a 404 already sent. */
    private java.util.Optional<Message> webhookMessage(RoutingContext ctx) {
        Interaction interaction = interactions.byToken(ctx.pathParam("token")).orElse(null);
        if (interaction == null || !state.applicationId().equals(ctx.pathParam("app"))) {
            unknown(ctx, 10015, "Unknown Webhook");
            return java.util.Optional.empty();
        }
        String messageId = ctx.pathParam("message");
        if ("@original".equals(messageId)) {
            messageId = interaction.originalMessageId;
        }
        java.util.Optional<Message> message = messageId == null ? java.util.Optional.empty()
                : state.message(interaction.channelId, messageId);
        if (message.isEmpty()) {
            unknown(ctx, 10008, "Unknown Message");
        }
        return message;
    }

    // --- Channels --------------------------------------------------------------------------------

    private void listMessages(RoutingContext ctx) {
        String channelId = ctx.pathParam("channel");
        if (state.channel(channelId).isEmpty()) {
            unknown(ctx, 10003, "Unknown Channel");
            return;
        }
        ArrayNode messages = DiscordJson.MAPPER.createArrayNode();
        List<Message> all = new ArrayList<>(state.messages(channelId));
        java.util.Collections.reverse(all);
        all.stream().limit(100).forEach(m -> messages.add(render(m)));
        json(ctx, 200, messages);
    }

    private void createMessage(RoutingContext ctx) {
        String channelId = ctx.pathParam("channel");
        if (state.channel(channelId).isEmpty()) {
            unknown(ctx, 10003, "Unknown Channel");
            return;
        }
        JsonNode body = requestBody(ctx);
        String invalid = validateMessage(body);
        if (invalid == null && (body == null || (body.path("content").asText("").isEmpty() && !body.has("embeds")))) {
            invalid = "Cannot send an empty message";
            json(ctx, 400, DiscordJson.error(50006, invalid));
            return;
        }
        if (invalid != null) {
            json(ctx, 400, DiscordJson.error(50035, invalid));
            return;
        }
        json(ctx, 200, render(state.addMessage(channelId, state.botUser().id(), toMap(body), null)));
    }

    ObjectNode render(Message message) {
        String guildId = state.channel(message.channelId()).map(DiscordState.Channel::guildId).orElse(null);
        DiscordState.User author = state.user(message.authorId()).orElse(state.botUser());
        return DiscordJson.message(message, author, guildId);
    }

    /** Discord's message limits: content up to 2000 characters, up to 10 embeds, up to 5 action rows. */
    static String validateMessage(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return null;
        }
        if (body.path("content").asText("").length() > MESSAGE_CONTENT_LIMIT) {
            return "Invalid Form Body: content must be 2000 or fewer in length";
        }
        if (body.path("embeds").size() > 10) {
            return "Invalid Form Body: embeds must be 10 or fewer in length";
        }
        if (body.path("components").size() > 5) {
            return "Invalid Form Body: components must be 5 or fewer in length";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new LinkedHashMap<>();
        }
        return DiscordJson.MAPPER.convertValue(node, LinkedHashMap.class);
    }

    static Map<String, Object> merge(Map<String, Object> base, JsonNode changes) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        merged.putAll(toMap(changes));
        return merged;
    }

    private static ObjectNode obj() {
        return DiscordJson.MAPPER.createObjectNode();
    }
}
