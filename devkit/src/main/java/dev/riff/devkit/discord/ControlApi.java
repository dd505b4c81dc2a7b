package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.devkit.discord.DiscordState.Guild;
import dev.riff.devkit.discord.Interactions.Interaction;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's control API (not part of Discord): set up guilds, members, roles and voice
 * states; act as a member (use a command, press a button, type into autocomplete); play Discord's
 * store (purchase, renew, cancel, refund entitlements); read what the bot did; inject gateway faults
 * and rate limits. Documented in README.
 */
final class ControlApi {

    private final DiscordSimulator simulator;

    ControlApi(DiscordSimulator simulator) {
        this.simulator = simulator;
    }

    void mount(Router router) {
        router.route("/control/*").handler(BodyHandler.create());
        router.get("/control/state").handler(this::state);
        router.post("/control/guilds").handler(this::createGuild);
        router.post("/control/guilds/:guild/roles").handler(this::createRole);
        router.post("/control/guilds/:guild/members").handler(this::createMember);
        router.post("/control/guilds/:guild/voice-states").handler(this::setVoiceState);
        router.post("/control/guilds/:guild/voice/listeners").handler(this::listen);
        router.post("/control/guilds/:guild/voice/connections").handler(this::memberConnection);
        router.delete("/control/guilds/:guild/voice/listeners/:user").handler(ctx -> guarded(ctx, () -> {
            simulator.voice().hangUp(ctx.pathParam("guild"), Long.parseLong(ctx.pathParam("user")));
            return obj().put("userId", ctx.pathParam("user"));
        }));
        router.get("/control/guilds/:guild/voice").handler(this::voice);
        router.post("/control/interactions/commands").handler(this::command);
        router.post("/control/interactions/autocomplete").handler(this::autocomplete);
        router.post("/control/interactions/buttons").handler(this::button);
        router.get("/control/interactions/:id").handler(this::interaction);
        router.get("/control/channels/:channel/messages").handler(this::messages);
        router.get("/control/requests").handler(ctx -> ok(ctx, DiscordJson.MAPPER.valueToTree(simulator.rest().requests())));
        router.get("/control/gateway/events").handler(ctx -> ok(ctx, DiscordJson.MAPPER.valueToTree(simulator.gateway().events())));
        router.post("/control/gateway/drop").handler(ctx -> ok(ctx, obj().put("dropped", simulator.gateway().dropConnections())));
        router.post("/control/gateway/reconnect").handler(ctx -> {
            simulator.gateway().sendReconnect();
            ok(ctx, obj().put("sent", "RECONNECT"));
        });
        router.post("/control/gateway/invalidate-session").handler(ctx -> {
            simulator.gateway().invalidateSessions();
            ok(ctx, obj().put("sent", "INVALID_SESSION"));
        });
        router.get("/control/skus").handler(ctx -> ok(ctx, DiscordJson.MAPPER.valueToTree(simulator.skus())));
        router.get("/control/entitlements").handler(ctx -> ok(ctx, DiscordJson.MAPPER.valueToTree(simulator.entitlements())));
        router.post("/control/entitlements").handler(ctx -> guarded(ctx, () -> {
            JsonNode body = body(ctx);
            return simulator.grantEntitlement(body.path("skuId").asText(), text(body, "userId"), text(body, "guildId"),
                    instant(body, "endsAt"));
        }));
        router.post("/control/entitlements/:id/renew").handler(ctx -> guarded(ctx, () ->
                simulator.renewEntitlement(ctx.pathParam("id"), instant(body(ctx), "endsAt"))));
        router.post("/control/entitlements/:id/cancel").handler(ctx -> guarded(ctx, () ->
                simulator.cancelEntitlement(ctx.pathParam("id"))));
        router.delete("/control/entitlements/:id").handler(ctx -> guarded(ctx, () ->
                simulator.deleteEntitlement(ctx.pathParam("id"))));
        router.post("/control/rate-limit").handler(ctx -> {
            JsonNode body = body(ctx);
            simulator.rest().rateLimitNext(body.path("count").asInt(1), body.path("retryAfter").asDouble(1.0));
            ok(ctx, body);
        });
    }

    private void state(RoutingContext ctx) {
        DiscordState state = simulator.state();
        ObjectNode root = obj();
        root.put("applicationId", state.applicationId());
        root.put("botUserId", state.botUser().id());
        root.put("publicKey", state.publicKeyHex());
        ArrayNode guilds = root.putArray("guilds");
        for (Guild guild : state.guilds()) {
            ObjectNode g = guilds.addObject();
            g.put("id", guild.id).put("name", guild.name).put("ownerId", guild.ownerId);
            ArrayNode channels = g.putArray("channels");
            guild.channels.values().forEach(c -> channels.addObject().put("id", c.id()).put("name", c.name()).put("type", c.type().name()));
            ArrayNode roles = g.putArray("roles");
            guild.roles.values().forEach(r -> roles.addObject().put("id", r.id()).put("name", r.name()).put("permissions", Long.toString(r.permissions())));
            ArrayNode members = g.putArray("members");
            guild.members.values().forEach(m -> {
                ObjectNode member = members.addObject().put("id", m.user().id()).put("username", m.user().username());
                DiscordState.VoiceState voice = guild.voiceStates.get(m.user().id());
                member.put("voiceChannelId", voice == null ? null : voice.channelId());
                ArrayNode memberRoles = member.putArray("roles");
                m.roleIds().forEach(memberRoles::add);
            });
        }
        root.set("connectedShards", DiscordJson.MAPPER.valueToTree(simulator.gateway().connectedShards()));
        ok(ctx, root);
    }

    private void createGuild(RoutingContext ctx) {
        JsonNode body = body(ctx);
        Guild guild = simulator.addGuild(body.path("name").asText("Guild"), body.path("owner").asText("owner"));
        ok(ctx, obj().put("guildId", guild.id).put("ownerId", guild.ownerId)
                .put("textChannelId", simulator.state().channelNamed(guild.id, "general").id())
                .put("voiceChannelId", simulator.state().channelNamed(guild.id, "Music").id()));
    }

    private void createRole(RoutingContext ctx) {
        guarded(ctx, () -> {
            JsonNode body = body(ctx);
            DiscordState.Role role = simulator.addRole(ctx.pathParam("guild"), body.path("name").asText("role"),
                    Long.parseLong(body.path("permissions").asText("0")));
            return obj().put("roleId", role.id());
        });
    }

    private void createMember(RoutingContext ctx) {
        guarded(ctx, () -> {
            JsonNode body = body(ctx);
            List<String> roles = new ArrayList<>();
            body.path("roles").forEach(r -> roles.add(r.asText()));
            DiscordState.User user = simulator.addMember(ctx.pathParam("guild"), body.path("username").asText("member"), roles);
            return obj().put("userId", user.id());
        });
    }

    private void setVoiceState(RoutingContext ctx) {
        guarded(ctx, () -> {
            JsonNode body = body(ctx);
            String channelId = body.path("channelId").isNull() ? null : body.path("channelId").asText(null);
            simulator.moveToVoice(ctx.pathParam("guild"), body.path("userId").asText(), channelId);
            return obj().put("userId", body.path("userId").asText()).put("channelId", channelId);
        });
    }

    /** A simulated member joins the guild's (DAVE) call in its voice channel and listens to the bot. */
    private void listen(RoutingContext ctx) {
        guarded(ctx, () -> {
            String guildId = ctx.pathParam("guild");
            String userId = body(ctx).path("userId").asText();
            DiscordState.VoiceState voice = simulator.state().guild(guildId).voiceStates.get(userId);
            if (voice == null || voice.channelId() == null) {
                throw new IllegalArgumentException("user " + userId + " is not in a voice channel of guild " + guildId);
            }
            simulator.voice().listen(guildId, voice.channelId(), Long.parseLong(userId));
            return obj().put("userId", userId).put("channelId", voice.channelId());
        });
    }

    /**
     * What a member's own voice client needs to join the call of the channel the member sits in:
     * the endpoint (wss, the development CA), token and voice session, as Discord gives its clients.
     */
    private void memberConnection(RoutingContext ctx) {
        guarded(ctx, () -> {
            VoiceServers.Grant grant = simulator.joinVoiceAsMember(ctx.pathParam("guild"), body(ctx).path("userId").asText());
            return obj().put("endpoint", simulator.voiceServers().endpoint()).put("token", grant.token())
                    .put("sessionId", grant.sessionId()).put("userId", grant.userId()).put("guildId", grant.guildId())
                    .put("channelId", grant.channelId()).put("botUserId", simulator.state().botUser().id());
        });
    }

    /** What the guild's call carries: its DAVE state, and what each simulated member hears. */
    private void voice(RoutingContext ctx) {
        guarded(ctx, () -> {
            String guildId = ctx.pathParam("guild");
            VoiceServer.Call call = simulator.voice().call(guildId);
            ObjectNode root = obj();
            if (call != null) {
                root.put("plainFrames", call.frames.size()).put("protectedFrames", call.protectedFrames.get());
            }
            ArrayNode listeners = root.putArray("listeners");
            for (var listener : simulator.voice().listeners(guildId)) {
                short[] pcm = listener.monoPcm();
                short[] lastSecond = java.util.Arrays.copyOfRange(pcm, Math.max(0, pcm.length - 48_000), pcm.length);
                var session = listener.handler().session();
                listeners.addObject().put("userId", Long.toString(listener.userId()))
                        .put("protocolVersion", listener.handler().protocolVersion())
                        .put("epoch", session.epoch())
                        .put("framesHeard", listener.heard.size())
                        .put("decryptFailures", listener.handler().decryptor().failed.get())
                        .put("dominantHzLastSecond", pcm.length == 0 ? 0 : dev.riff.devkit.audio.ToneAnalysis.dominantFrequency(lastSecond, 48_000, 50, 4000));
            }
            return root;
        });
    }

    private void command(RoutingContext ctx) {
        guarded(ctx, () -> {
            JsonNode body = body(ctx);
            Interaction interaction = simulator.interactions().command(body.path("guildId").asText(), body.path("channelId").asText(),
                    body.path("userId").asText(), body.path("name").asText(), options(body));
            return dispatch(interaction);
        });
    }

    private void autocomplete(RoutingContext ctx) {
        guarded(ctx, () -> {
            JsonNode body = body(ctx);
            Interaction interaction = simulator.interactions().autocomplete(body.path("guildId").asText(),
                    body.path("channelId").asText(), body.path("userId").asText(), body.path("name").asText(), options(body));
            return dispatch(interaction);
        });
    }

    private void button(RoutingContext ctx) {
        guarded(ctx, () -> {
            JsonNode body = body(ctx);
            Interaction interaction = simulator.interactions().button(body.path("guildId").asText(),
                    body.path("channelId").asText(), body.path("userId").asText(), body.path("messageId").asText(),
                    body.path("customId").asText());
            return dispatch(interaction);
        });
    }

    private ObjectNode dispatch(Interaction interaction) {
        boolean delivered = simulator.deliver(interaction);
        return obj().put("interactionId", interaction.id).put("token", interaction.token).put("dispatched", delivered);
    }

    private void interaction(RoutingContext ctx) {
        simulator.interactions().byId(ctx.pathParam("id")).ifPresentOrElse(interaction -> {
            ObjectNode node = obj();
            node.put("id", interaction.id);
            node.put("type", interaction.type);
            node.set("callback", interaction.callback);
            node.put("acknowledgedAt", interaction.acknowledgedAt == null ? null : interaction.acknowledgedAt.toString());
            simulator.state().message(interaction.channelId, String.valueOf(interaction.originalMessageId))
                    .ifPresent(m -> node.set("original", DiscordJson.message(m, simulator.state().botUser(), interaction.guildId)));
            ArrayNode followups = node.putArray("followups");
            interaction.followupMessageIds.forEach(id -> simulator.state().message(interaction.channelId, id)
                    .ifPresent(m -> followups.add(DiscordJson.message(m, simulator.state().botUser(), interaction.guildId))));
            ok(ctx, node);
        }, () -> ctx.response().setStatusCode(404).end("{\"error\":\"unknown interaction\"}"));
    }

    private void messages(RoutingContext ctx) {
        ArrayNode messages = DiscordJson.MAPPER.createArrayNode();
        simulator.state().messages(ctx.pathParam("channel"))
                .forEach(m -> messages.add(DiscordJson.message(m, simulator.state().botUser(), null)));
        ok(ctx, messages);
    }

    private static ArrayNode options(JsonNode body) {
        JsonNode options = body.path("options");
        return options.isArray() ? (ArrayNode) options : DiscordJson.MAPPER.createArrayNode();
    }

    private interface Action {
        JsonNode run();
    }

    private static void guarded(RoutingContext ctx, Action action) {
        try {
            ok(ctx, action.run());
        } catch (java.util.NoSuchElementException e) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(obj().put("error", e.getMessage()).toString());
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(obj().put("error", e.getMessage()).toString());
        }
    }

    /** A text field, or null when absent, null or empty. */
    private static String text(JsonNode body, String field) {
        String value = body.path(field).asText("");
        return body.path(field).isNull() || value.isEmpty() ? null : value;
    }

    /** An ISO-8601 instant (2026-01-31T00:00:00Z), or null when absent. */
    private static java.time.Instant instant(JsonNode body, String field) {
        String value = text(body, field);
        return value == null ? null : java.time.OffsetDateTime.parse(value).toInstant();
    }

    private static JsonNode body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        return text == null || text.isBlank() ? obj() : DiscordJson.parse(text);
    }

    private static void ok(RoutingContext ctx, JsonNode body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
    }

    private static ObjectNode obj() {
        return DiscordJson.MAPPER.createObjectNode();
    }
}
