package dev.riff.playback.lavalink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sedmelluq.discord.lavaplayer.tools.PlayerLibrary;
import dev.riff.playback.config.LavalinkConfig;
import dev.riff.playback.filter.AudioFilters;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Lavalink v4 protocol on this node's HTTP port: {@code /version}, the REST API under {@code /v4}
 * and the WebSocket at {@code /v4/websocket}, behind the configured password. Answers are shaped as
 * Lavalink's (its error body on every refusal, so clients that parse it never hang); the work is done
 * by {@link LavalinkSessions}, {@link NodeLocalPlayer} and {@link LavalinkTracks}.
 */
@ApplicationScoped
public class LavalinkRoutes {

    /** The Lavalink protocol version served, with Riff's own version as its pre-release part. */
    static final String VERSION = "4.0.0-riff.0.1.0";
    private static final Logger LOG = Logger.getLogger(LavalinkRoutes.class);
    private static final int MAX_BODY = 256 * 1024;

    private final LavalinkConfig config;
    private final LavalinkSessions sessions;
    private final LavalinkTracks tracks;
    private final ObjectMapper json;

    LavalinkRoutes(LavalinkConfig config, LavalinkSessions sessions, LavalinkTracks tracks, ObjectMapper json) {
        this.config = config;
        this.sessions = sessions;
        this.tracks = tracks;
        this.json = json;
    }

    void routes(@Observes Router router) {
        Optional<String> password = config.password().filter(value -> !value.isBlank());
        if (password.isEmpty()) {
            return;
        }
        byte[] expected = password.get().getBytes(StandardCharsets.UTF_8);
        router.route("/v4/*").order(-10).handler(context -> authorize(context, expected));
        router.route("/version").order(-10).handler(context -> authorize(context, expected));
        router.route("/v4/*").order(-9).handler(BodyHandler.create().setBodyLimit(MAX_BODY).setHandleFileUploads(false));

        router.get("/version").order(-8).handler(context -> context.response().putHeader("content-type", "text/plain").end(VERSION));
        router.get("/v4/websocket").order(-8).handler(this::upgrade);
        router.get("/v4/info").order(-8).handler(context -> respond(context, Uni.createFrom().item(this::info)));
        router.get("/v4/stats").order(-8).handler(context -> respond(context, Uni.createFrom().item(() -> sessions.stats(false))));
        router.get("/v4/loadtracks").order(-8).handler(context -> respond(context, Uni.createFrom().deferred(() ->
                tracks.load(required(context.request().getParam("identifier"), "No identifier provided")))));
        router.get("/v4/decodetrack").order(-8).handler(context -> respond(context, Uni.createFrom().item(() -> {
            String encoded = Optional.ofNullable(context.request().getParam("encodedTrack")).orElse(context.request().getParam("track"));
            return tracks.toJson(tracks.decode(required(encoded, "No track to decode provided")));
        })));
        router.post("/v4/decodetracks").order(-8).handler(context -> respond(context, Uni.createFrom().item(() -> decodeAll(body(context)))));
        router.patch("/v4/sessions/:sessionId").order(-8).handler(context -> respond(context, Uni.createFrom().item(() -> {
            JsonNode body = body(context);
            LavalinkSession session = sessions.live(context.pathParam("sessionId"));
            Boolean resuming = body.has("resuming") && !body.get("resuming").isNull() ? bool(body.get("resuming"), "resuming") : null;
            Long timeout = body.has("timeout") && !body.get("timeout").isNull() ? seconds(body.get("timeout")) : null;
            return session.resumeSettings(resuming, timeout);
        })));
        router.get("/v4/sessions/:sessionId/players").order(-8).handler(context -> respond(context, Uni.createFrom().item(() -> {
            ArrayNode players = json.createArrayNode();
            sessions.live(context.pathParam("sessionId")).playerList().forEach(player -> players.add(player.toJson()));
            return players;
        })));
        router.get("/v4/sessions/:sessionId/players/:guildId").order(-8).handler(context -> respond(context, Uni.createFrom().item(() ->
                sessions.player(sessions.live(context.pathParam("sessionId")), guildId(context))
                        .orElseThrow(() -> LavalinkError.notFound("Player not found")).toJson())));
        router.patch("/v4/sessions/:sessionId/players/:guildId").order(-8).handler(context -> respond(context, Uni.createFrom().deferred(() -> {
            JsonNode body = body(context);
            LavalinkSession session = sessions.live(context.pathParam("sessionId"));
            String guildId = guildId(context);
            // Read and checked whole before the player exists: a refused update makes none.
            PlayerUpdate update = PlayerUpdate.read(body, json);
            boolean noReplace = "true".equalsIgnoreCase(context.request().getParam("noReplace"));
            return sessions.obtainPlayer(session, guildId).update(update, noReplace);
        })));
        router.delete("/v4/sessions/:sessionId/players/:guildId").order(-8).handler(context -> respond(context, Uni.createFrom().item(() -> {
            sessions.removePlayer(sessions.live(context.pathParam("sessionId")), guildId(context));
            return null;
        })));
        // No route planner here: Lavalink's answers for a node without one.
        router.get("/v4/routeplanner/status").order(-8).handler(context -> context.response().setStatusCode(204).end());
        router.post("/v4/routeplanner/free/address").order(-8).handler(context ->
                fail(context, new LavalinkError(500, "Can't access disabled route planner")));
        router.post("/v4/routeplanner/free/all").order(-8).handler(context ->
                fail(context, new LavalinkError(500, "Can't access disabled route planner")));
        router.route("/v4/*").order(-7).handler(context -> fail(context, LavalinkError.notFound("No such route in the Lavalink v4 API")));
    }

    /** The password, compared in constant time: 401 without one, 403 with a wrong one (empty bodies, as Lavalink). */
    private void authorize(RoutingContext context, byte[] expected) {
        String given = context.request().getHeader("Authorization");
        if (given == null) {
            context.response().setStatusCode(401).end();
        } else if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            context.response().setStatusCode(403).end();
        } else {
            context.next();
        }
    }

    private void upgrade(RoutingContext context) {
        String userHeader = context.request().getHeader("User-Id");
        long userId;
        try {
            userId = Long.parseLong(userHeader == null ? "" : userHeader.trim());
        } catch (NumberFormatException e) {
            userId = 0;
        }
        if (userId <= 0) {
            fail(context, LavalinkError.badRequest("User-Id must be the bot's user id"));
            return;
        }
        String clientName = Optional.ofNullable(context.request().getHeader("Client-Name")).orElse("unknown client");
        String resumeId = context.request().getHeader("Session-Id");
        if ((resumeId == null || resumeId.isBlank()) && sessions.full()) {
            fail(context, new LavalinkError(503, "This node holds as many Lavalink sessions as it may"));
            return;
        }
        long user = userId;
        String resuming = resumeId == null || resumeId.isBlank() ? null : resumeId;
        // Clients that read the handshake (rather than ready's "resumed") learn the outcome from these headers, as from Lavalink.
        context.response().putHeader("Session-Resumed", String.valueOf(sessions.resumable(resuming, user)))
                .putHeader("Lavalink-Major-Version", "4");
        context.request().toWebSocket().onSuccess(socket -> sessions.open(socket, user, clientName.length() > 100 ? clientName.substring(0, 100) : clientName,
                resuming))
                .onFailure(failure -> LOG.debugf("Lavalink WebSocket upgrade failed: %s", failure.getMessage()));
    }

    private ObjectNode info() {
        ObjectNode info = json.createObjectNode();
        info.putObject("version").put("semver", VERSION).put("major", 4).put("minor", 0).put("patch", 0).put("preRelease", "riff.0.1.0");
        info.put("buildTime", 0L);
        info.putObject("git").put("branch", "main").put("commit", "unknown").put("commitTime", 0L);
        info.put("jvm", Runtime.version().toString());
        info.put("lavaplayer", PlayerLibrary.VERSION);
        ArrayNode sources = info.putArray("sourceManagers");
        tracks.manager().getSourceManagers().forEach(source -> sources.add(source.getSourceName()));
        ArrayNode filters = info.putArray("filters");
        AudioFilters.SUPPORTED.forEach(filters::add);
        info.putArray("plugins");
        return info;
    }

    private ArrayNode decodeAll(JsonNode body) {
        if (!body.isArray() || body.isEmpty()) {
            throw LavalinkError.badRequest("No tracks to decode provided");
        }
        ArrayNode decoded = json.createArrayNode();
        for (JsonNode encoded : body) {
            if (!encoded.isTextual()) {
                throw LavalinkError.badRequest("Each track to decode must be a string");
            }
            decoded.add(tracks.toJson(tracks.decode(encoded.asText())));
        }
        return decoded;
    }

    private JsonNode body(RoutingContext context) {
        String text = context.body().asString();
        if (text == null || text.isBlank()) {
            throw LavalinkError.badRequest("A JSON body is required");
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw LavalinkError.badRequest("The body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String guildId(RoutingContext context) {
        String guildId = context.pathParam("guildId");
        if (guildId == null || !guildId.matches("\\d{1,20}")) {
            throw LavalinkError.badRequest("guildId must be a guild id");
        }
        return guildId;
    }

    private static String required(String value, String message) {
        if (value == null || value.isEmpty()) {
            throw LavalinkError.badRequest(message);
        }
        return value;
    }

    private static boolean bool(JsonNode value, String name) {
        if (!value.isBoolean()) {
            throw LavalinkError.badRequest(name + " must be true or false");
        }
        return value.asBoolean();
    }

    private static long seconds(JsonNode value) {
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 86_400) {
            throw LavalinkError.badRequest("timeout must be whole seconds from 0 to 86400");
        }
        return value.asLong();
    }

    /** Sends what the work gives (JSON, or 204 for nothing) on the request's own context, or Lavalink's error body. */
    private void respond(RoutingContext context, Uni<? extends JsonNode> work) {
        Context vertx = Vertx.currentContext();
        work.subscribe().with(result -> vertx.runOnContext(ignored -> {
            if (result == null) {
                context.response().setStatusCode(204).end();
            } else {
                context.response().putHeader("content-type", "application/json").end(result.toString());
            }
        }), failure -> vertx.runOnContext(ignored -> fail(context, failure)));
    }

    private void fail(RoutingContext context, Throwable failure) {
        int status = failure instanceof LavalinkError error ? error.status() : 500;
        if (!(failure instanceof LavalinkError)) {
            LOG.errorf(failure, "Lavalink request %s %s failed", context.request().method(), context.request().path());
        }
        ObjectNode body = json.createObjectNode()
                .put("timestamp", System.currentTimeMillis())
                .put("status", status)
                .put("error", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("message", failure instanceof LavalinkError ? failure.getMessage() : "Internal error")
                .put("path", context.request().path());
        if (!context.response().ended()) {
            context.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
        }
    }
}
