package dev.riff.eventstore.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wakes live subscriptions when any instance commits an append: LISTEN on the appender's NOTIFY
 * channel. Only a wake-up: subscribers always read by position, and also poll in case this
 * connection is down.
 */
@ApplicationScoped
public class LiveSignal {

    private static final Logger LOG = Logger.getLogger(LiveSignal.class);

    private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());
    private final PgSubscriber subscriber;

    LiveSignal(Vertx vertx,
            @ConfigProperty(name = "riff.postgres.host") String host,
            @ConfigProperty(name = "riff.postgres.port") int port,
            @ConfigProperty(name = "riff.database-name") String database,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions().setHost(host).setPort(port)
                        .setDatabase(database).setUser(user).setPassword(password.orElse("")))
                .reconnectPolicy(retries -> 1000L);
        subscriber.channel(EventAppender.CHANNEL).handler(ignored -> fire());
    }

    void start(@Observes StartupEvent startup) {
        subscriber.connect().subscribe().with(ok -> LOG.debug("Listening for appends"),
                failure -> LOG.warnf("Cannot listen for appends, subscriptions poll: %s", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        subscriber.closeAndForget();
    }

    /** Completes at the next append notified after this call. */
    public CompletableFuture<Void> next() {
        return next.get();
    }

    private void fire() {
        next.getAndSet(new CompletableFuture<>()).complete(null);
    }
}
