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
import java.util.Arrays;
import java.util.HashMap;
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
 * its messages to be retried when the lease ends. Each claim gives an endpoint only the slots it has
 * free on this replica (perEndpointConcurrency less its attempts awaiting an answer) and looks at
 * no more of its messages than that, so a slow or dead endpoint holds only its own slots and its
 * backlog costs the others nothing (no head-of-line blocking). An endpoint that fails to take an
 * attempt rests (no claims for it here) for the schedule's first wait or its Retry-After.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    /** A claimed message and where and how to sign and send it. */
    record Claimed(String messageId, UUID subscriptionId, String payload, int attempt, String url, String secret,
            String previousSecret, Instant previousSecretUntil, boolean active) {
    }

    /**
     * Walks the endpoints that have pending messages (a loose scan of the pending index, one probe
     * each), then takes from each at most its free slots, oldest first; a held-back backlog is never
     * scanned.
     */
    private static final String CLAIM = """
            with recursive endpoints(subscription_id) as (
                (select subscription_id from webhook_message where status = 'pending' order by subscription_id limit 1)
                union all
                select (select m.subscription_id from webhook_message m where m.status = 'pending' and m.subscription_id > e.subscription_id
                        order by m.subscription_id limit 1)
                from endpoints e where e.subscription_id is not null
            ), sending as (
                select * from unnest(cast($1 as uuid[]), cast($5 as int[])) as b(subscription_id, attempts)
            ), chosen as (
                select due.id from endpoints e
                left join sending b on b.subscription_id = e.subscription_id
                cross join lateral (
                    select m.id, m.next_attempt_at from webhook_message m
                    where m.subscription_id = e.subscription_id and m.status = 'pending' and m.next_attempt_at <= now()
                      and (m.leased_until is null or m.leased_until < now())
                    order by m.next_attempt_at limit greatest($3 - coalesce(b.attempts, 0), 0)
                    for update of m skip locked
                ) due
                where e.subscription_id is not null
                order by due.next_attempt_at limit $2
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
    /** Attempts awaiting an endpoint's answer; an endpoint leaves the map when it has none. */
    private final Map<UUID, Integer> awaitingByEndpoint = new ConcurrentHashMap<>();
    /**
     * Endpoints that just failed to take an attempt, until when (nanoTime) none of their messages is
     * tried: a dead endpoint costs one attempt per rest, not one per message, and a struggling one is
     * not hammered.
     */
    private final Map<UUID, Long> restingUntil = new ConcurrentHashMap<>();
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
        if (config.lease().compareTo(config.timeout().plusSeconds(5)) < 0) {
            // Else another replica could take a message whose attempt still awaits its answer here.
            throw new IllegalStateException("riff.webhooks.lease (" + config.lease() + ") must outlast riff.webhooks.timeout ("
                    + config.timeout() + ") by 5 s or more");
        }
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
        long now = System.nanoTime();
        restingUntil.values().removeIf(until -> until - now <= 0);
        // A resting endpoint is offered as full: no slot of it is free.
        Map<UUID, Integer> taken = new HashMap<>(awaitingByEndpoint);
        restingUntil.keySet().forEach(id -> taken.put(id, config.perEndpointConcurrency()));
        UUID[] endpoints = taken.keySet().toArray(UUID[]::new);
        Integer[] attempts = Arrays.stream(endpoints).map(taken::get).toArray(Integer[]::new);
        pool.preparedQuery(CLAIM).execute(Tuple.of(endpoints, room, config.perEndpointConcurrency(), (double) config.lease().toSeconds(), attempts))
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
        awaitingByEndpoint.merge(message.subscriptionId(), 1, Integer::sum);
        // The endpoint's slot frees with its answer; the replica's with the record (the lease keeps the message meanwhile).
        client.send(message.url(), headers(message, Instant.now()), message.payload())
                .onItemOrFailure().invoke((outcome, failure) -> {
                    if (outcome != null && outcome.delivered()) {
                        restingUntil.remove(message.subscriptionId());
                    } else if (outcome == null || endpointStruggles(outcome)) {
                        restingUntil.put(message.subscriptionId(),
                                System.nanoTime() + schedule.endpointRest(outcome == null ? null : outcome.retryAfter()).toNanos());
                    }
                    awaitingByEndpoint.computeIfPresent(message.subscriptionId(), (id, n) -> n > 1 ? n - 1 : null);
                    wake();
                })
                .chain(outcome -> record(message, outcome))
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    wake();
                })
                .subscribe().with(ok -> { }, failure -> LOG.warnf("Could not record the attempt of %s: %s (retried after its lease)",
                        message.messageId(), failure.getMessage()));
    }

    /** No answer, too many requests, or a server error: the endpoint, not this message, is the trouble. */
    private static boolean endpointStruggles(EndpointClient.Outcome outcome) {
        return outcome.status() == null || outcome.status() == 429 || outcome.status() >= 500;
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
