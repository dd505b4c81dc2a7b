package dev.riff.devkit.streaming;

import dev.riff.devkit.FleetException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A simulated provider's HTTP API on loopback: the router its routes are mounted on, and every
 * request its API got ({@code METHOD uri}, in arrival order), which tests read to see what a client asked.
 */
final class LoopbackApi implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Router router = Router.router(vertx);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    LoopbackApi() {
        router.route().handler(context -> {
            // The tests' control calls are not requests to the provider's API.
            if (!context.request().path().startsWith("/control/")) {
                requests.add(context.request().method() + " " + context.request().uri());
            }
            context.next();
        });
    }

    Router router() {
        return router;
    }

    /** Starts serving the mounted routes on {@code port} (0: any free one). */
    void listen(int port, String what) {
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(router).listen()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new FleetException(what + " cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    int port() {
        return server.actualPort();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        vertx.close();
    }
}
