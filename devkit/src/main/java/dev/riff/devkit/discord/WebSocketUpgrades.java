package dev.riff.devkit.discord;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

/**
 * The simulator's servers take WebSocket upgrades in their request handler, not with Vert.x's
 * webSocketHandler: a JVM that runs Quarkus sets {@code vertx.disableWebsockets}, which turns that
 * handler off for every server made after it (a Quarkus test that starts the simulator late, say).
 */
final class WebSocketUpgrades {

    private WebSocketUpgrades() {
    }

    static Handler<HttpServerRequest> upgradeOr(Handler<ServerWebSocket> sockets, Handler<HttpServerRequest> requests) {
        return request -> {
            if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                request.toWebSocket().onSuccess(sockets);
            } else {
                requests.handle(request);
            }
        };
    }
}
