package dev.riff.webhook.service;

import dev.riff.webhook.client.EndpointClient;
import dev.riff.webhook.config.WebhookConfig;
import dev.riff.webhook.domain.SigningSecret;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends due messages. Each replica claims due messages with a lease (FOR UPDATE SKIP LOCKED, then
 * leased_until), so no two replicas send the same attempt at once, and a replica that dies leaves
 * its messages to be retried when the lease ends. An endpoint with attempts in flight on this replica
 * is left out of the next claim and gets at most perEndpointConcurrency per claim: a slow or dead
 * endpoint holds only its own slots, never the others' (no head-of-line blocking).
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    /** A claimed message and where and how to sign and send it. */
    record Claimed(String messageId, UUID subscriptionId, String payload, int attempt, String url, String secret,
            String previousSecret, Instant previousSecretUntil, boolean active) {
    }

    private static final String CLAIM = """
            with due as (
                select id, subscription_id, next_attempt_at from webhook_message
                where status = 'pending' and next_attempt_at <= now() and (leased_until is null or leased_until < now())
                  and not (subscription_id = any($1))
                order by next_attempt_at limit $2
                for update skip locked
            ), chosen as (
                select id from (select id, row_number() over (partition by subscription_id order by next_attempt_at) as n from due) ranked
                where n <= $3
            )
            update webhook_message m set leased_until = now() + make_interval(secs => $4), attempts = m.attempts + 1
            from webhook_subscription s
            where m.id in (select id from chosen) and s.id = m.subscription_id
            returning m.id, m.subscription_id, m.payload, m.attempts, s.webhook_url, s.secret, s.previous_secret,
                      s.previous_secret_until, s.is_active""";

    private final Pool pool;
    private final EndpointClient client;
    private final RetrySchedule schedule;
    private final WebhookConfig config;
    private final Vertx vertx;
    private final EndpointNotices notices;
    private final Map<UUID, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopping;
    private long timer = -1;

    Dispatcher(Pool pool, EndpointClient client, RetrySchedule schedule, WebhookConfig config, Vertx vertx, EndpointNotices notices) {
        this.notices = notices;
        this.pool = pool;
        this.client = client;
        this.schedule = schedule;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        // Due retries are found by looking; new messages also wake the dispatcher at once.
        timer = vertx.setPeriodic(250, id -> wake());
        Metrics.gauge("riff_webhook_attempts_in_flight", inFlight);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Claims and sends what is due; calls while a claim runs make it claim again after. */
    public void wake() {
        if (stopping) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        int room = config.maxInFlight() - inFlight.get();
        if (room <= 0) {
            claiming.set(false);
            return;
        }
        UUID[] busy = inFlightByEndpoint.entrySet().stream().filter(e -> e.getValue().get() > 0).map(Map.Entry::getKey).toArray(UUID[]::new);
        pool.preparedQuery(CLAIM).execute(Tuple.of(busy, room, config.perEndpointConcurrency(), (double) config.lease().toSeconds()))
                .subscribe().with(rows -> {
                    int claimed = 0;
                    for (Row row : rows) {
                        claimed++;
                        deliver(claimed(row));
                    }
                    claiming.set(false);
                    if (again.getAndSet(false) || claimed > 0) {
                        vertx.runOnContext(ignored -> wake());
                    }
                }, failure -> {
                    claiming.set(false);
                    LOG.warnf("Could not claim due webhook messages: %s", failure.getMessage());
                });
    }

    private static Claimed claimed(Row row) {
        OffsetDateTime until = row.getOffsetDateTime("previous_secret_until");
        return new Claimed(row.getString("id"), row.getUUID("subscription_id"), row.getString("payload"),
                row.getInteger("attempts"), row.getString("webhook_url"), row.getString("secret"), row.getString("previous_secret"),
                until == null ? null : until.toInstant(), row.getBoolean("is_active"));
    }

    private void deliver(Claimed message) {
        if (!message.active()) {
            pool.preparedQuery("update webhook_message set status = 'skipped', leased_until = null where id = $1")
                    .execute(Tuple.of(message.messageId())).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        inFlight.incrementAndGet();
        AtomicInteger endpoint = inFlightByEndpoint.computeIfAbsent(message.subscriptionId(), id -> new AtomicInteger());
        endpoint.incrementAndGet();
        client.send(message.url(), headers(message, Instant.now()), message.payload())
                .chain(outcome -> record(message, outcome))
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    endpoint.decrementAndGet();
                    wake();
                })
                .subscribe().with(ok -> { }, failure -> LOG.warnf("Could not record the attempt of %s: %s (retried after its lease)",
                        message.messageId(), failure.getMessage()));
    }

    /** Standard Webhooks' headers; during a rotation's overlap both secrets sign. */
    static Map<String, String> headers(Claimed message, Instant now) {
        long timestamp = now.getEpochSecond();
        String signature = SigningSecret.sign(message.secret(), message.messageId(), timestamp, message.payload());
        if (message.previousSecret() != null && message.previousSecretUntil() != null && message.previousSecretUntil().isAfter(now)) {
            signature += " " + SigningSecret.sign(message.previousSecret(), message.messageId(), timestamp, message.payload());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", message.messageId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }

    private Uni<Void> record(Claimed message, EndpointClient.Outcome outcome) {
        return recordAttempt(message, outcome).chain(disableReason -> disableReason == null ? Uni.createFrom().voidItem()
                : notices.disable(message.subscriptionId(), disableReason).replaceWithVoid());
    }

    /** Logs the attempt and settles the message; returns why the endpoint is to be disabled, or null. */
    private Uni<String> recordAttempt(Claimed message, EndpointClient.Outcome outcome) {
        Metrics.counter("riff_webhook_attempts_total", "outcome", outcome.delivered() ? "delivered"
                : outcome.status() == null ? "no-answer" : Integer.toString(outcome.status() / 100) + "xx").increment();
        return pool.withTransaction(sql -> sql.preparedQuery("insert into webhook_attempt (message_id, attempt, attempted_at, status_code,"
                        + " latency_ms, response_body, error) values ($1, $2, now(), $3, $4, $5, $6)")
                .execute(Tuple.of(message.messageId(), message.attempt(), outcome.status(), (int) outcome.latencyMillis(),
                        outcome.body(), outcome.error()))
                .chain(() -> settle(sql, message, outcome)));
    }

    private Uni<String> settle(SqlClient sql, Claimed message, EndpointClient.Outcome outcome) {
        if (outcome.delivered()) {
            return sql.preparedQuery("update webhook_message set status = 'delivered', leased_until = null where id = $1")
                    .execute(Tuple.of(message.messageId()))
                    .chain(() -> sql.preparedQuery("update webhook_subscription set failing_since = null where id = $1 and failing_since is not null")
                            .execute(Tuple.of(message.subscriptionId())))
                    .replaceWith((String) null);
        }
        if (outcome.status() != null && outcome.status() == 410) {
            // Gone: the receiver says the endpoint is no more. Stop sending anything to it.
            return sql.preparedQuery("update webhook_message set status = 'failed', leased_until = null where id = $1")
                    .execute(Tuple.of(message.messageId())).replaceWith("the endpoint answered 410 Gone");
        }
        boolean asksToWait = outcome.status() != null && (outcome.status() == 429 || outcome.status() == 503);
        var next = schedule.after(message.attempt(), asksToWait ? outcome.retryAfter() : null);
        Uni<?> rescheduled = next.isPresent()
                ? sql.preparedQuery("update webhook_message set leased_until = null, next_attempt_at = now() + make_interval(secs => $2)"
                        + " where id = $1").execute(Tuple.of(message.messageId(), next.get().toMillis() / 1000.0))
                : sql.preparedQuery("update webhook_message set status = 'failed', leased_until = null where id = $1")
                        .execute(Tuple.of(message.messageId()));
        return rescheduled.chain(() -> sql.preparedQuery("update webhook_subscription set failing_since = coalesce(failing_since, now())"
                        + " where id = $1 returning failing_since, is_active").execute(Tuple.of(message.subscriptionId())))
                .map(rows -> {
                    Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
                    boolean failingTooLong = row != null && row.getBoolean("is_active")
                            && row.getOffsetDateTime("failing_since").toInstant().isBefore(Instant.now().minus(config.disableAfter()));
                    return failingTooLong ? "every attempt failed since " + row.getOffsetDateTime("failing_since").toInstant() : null;
                });
    }

    /** Messages a test or operator waits for: none in flight here. */
    public int inFlight() {
        return inFlight.get();
    }
}
