package dev.riff.webhook.bench;

import static io.restassured.RestAssured.given;

import dev.riff.contracts.CloudEventCodec;
import dev.riff.webhook.domain.WebhookEventType;
import dev.riff.webhook.service.Dispatcher;
import dev.riff.webhook.service.Fanout;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The webhook dispatcher's benchmark (a harness, not a test: tagged "benchmark", excluded from the
 * build). Endpoints are receivers on this machine answering 204 at once; in the runs "with bad
 * endpoints" the same load also goes, share for share, to one endpoint that answers after 10 s and
 * one whose port is closed. Two phases per run:
 * <ul>
 * <li>steady: messages made through {@link Fanout} (the Kafka consumer's code) at a fixed rate, and the
 * time from a message's row to its arrival at the receiver (queueing latency) for the healthy ones;</li>
 * <li>backlog: a batch of due messages released at once, and how fast the healthy ones are delivered.</li>
 * </ul>
 * Run with {@code ./mvnw -B test -pl webhook-service -Dtest=WebhookDispatchBenchmark -Driff.excluded.groups=none -Dgroups=benchmark}.
 */
@QuarkusTest
@TestProfile(WebhookDispatchBenchmark.ProductionDelivery.class)
@Tag("benchmark")
class WebhookDispatchBenchmark {

    /** Production's schedule, timeout and limits; only the receivers' host is allowed plain http. */
    public static class ProductionDelivery implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("riff.webhooks.retry-schedule", "5s,5m,30m,2h,5h,10h,10h", "riff.webhooks.jitter", "0.2",
                    "riff.webhooks.timeout", "15s", "riff.webhooks.disable-after", "P5D", "quarkus.log.category.\"dev.riff.webhook\".level", "WARN");
        }
    }

    private static final int RATE = Integer.getInteger("riff.bench.rate", 1000);
    private static final int STEADY_SECONDS = Integer.getInteger("riff.bench.seconds", 10);
    private static final int BACKLOG = Integer.getInteger("riff.bench.backlog", 20_000);

    @Inject
    Fanout fanout;

    @Inject
    Pool pool;

    @Inject
    Dispatcher dispatcher;

    private static Vertx receivers;
    private static final Map<String, Instant> arrivals = new ConcurrentHashMap<>();
    private static int healthyPort;
    private static int slowPort;
    private static int deadPort;

    @BeforeAll
    static void startReceivers() throws Exception {
        receivers = Vertx.vertx();
        HttpServer healthy = receivers.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
            arrivals.put(request.getHeader("webhook-id"), Instant.now());
            request.response().setStatusCode(204).end();
        }));
        healthyPort = healthy.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
        HttpServer slow = receivers.createHttpServer().requestHandler(request -> request.body().onComplete(body ->
                receivers.setTimer(10_000, id -> request.response().setStatusCode(204).end())));
        slowPort = slow.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
        try (ServerSocket closed = new ServerSocket(0)) {
            deadPort = closed.getLocalPort();
        }
    }

    @AfterAll
    static void stopReceivers() {
        receivers.close();
    }

    private record Subscribed(String guild, UUID subscriptionId, boolean healthy) {
    }

    /** What the bad endpoints got in the whole run: attempts at the one that is down, and answers from the slow one. */
    private record BadEndpoints(long downAttempts, long downMessages, long slowDelivered, long slowMessages) {
    }

    private record Outcome(int healthyEndpoints, BadEndpoints bad, int steadyMessages, double steadyRate, long[] latencyMicros,
            int backlogMessages, double backlogPerSecond) {
        String row() {
            return String.format("| %d | %s | %,d at %,.0f/s | %.1f ms | %.1f ms | %.1f ms | %,d | %,.0f |", healthyEndpoints,
                    bad == null ? "none" : String.format("down: %,d attempts for %,d messages; 10 s: %,d of %,d answered", bad.downAttempts(),
                            bad.downMessages(), bad.slowDelivered(), bad.slowMessages()),
                    steadyMessages, steadyRate, percentile(0.50) / 1000.0, percentile(0.99) / 1000.0,
                    latencyMicros[latencyMicros.length - 1] / 1000.0, backlogMessages, backlogPerSecond);
        }

        double percentile(double p) {
            return latencyMicros[Math.min(latencyMicros.length - 1, (int) Math.ceil(p * latencyMicros.length) - 1)];
        }
    }

    @Test
    void deliveriesAtOneSixteenAndSixtyFourEndpoints() throws Exception {
        run(16, true); // warm-up: the JIT and the pools, not reported
        List<String> rows = new ArrayList<>();
        for (int endpoints : new int[] {1, 16, 64}) {
            for (boolean bad : new boolean[] {false, true}) {
                Outcome outcome = run(endpoints, bad);
                System.out.println(outcome.row());
                rows.add(outcome.row());
            }
        }
        forgetEverySubscription();
        System.out.println("\n| healthy endpoints | bad endpoints in the run | steady load | queueing p50 | p99 | max | backlog | backlog delivered/s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** Deletes what the runs made (hundreds of thousands of rows), once the slow endpoint's last answers are recorded. */
    private void forgetEverySubscription() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        pool.preparedQuery("delete from webhook_subscription where id = any($1)").execute(Tuple.of(everySubscription.toArray(UUID[]::new)))
                .await().indefinitely();
    }

    private final List<UUID> everySubscription = new ArrayList<>();

    private Outcome run(int healthyEndpoints, boolean bad) throws Exception {
        List<Subscribed> subscribed = new ArrayList<>();
        for (int i = 0; i < healthyEndpoints; i++) {
            subscribed.add(subscribe("http://127.0.0.1:" + healthyPort + "/hooks/" + i, true));
        }
        if (bad) {
            subscribed.add(subscribe("http://127.0.0.1:" + slowPort + "/slow", false));
            subscribed.add(subscribe("http://127.0.0.1:" + deadPort + "/down", false));
        }
        subscribed.forEach(s -> everySubscription.add(s.subscriptionId()));
        try {
            // Steady: RATE messages a second, in 10 ms ticks, round robin over every endpoint.
            int perTick = Math.max(1, RATE / 100);
            int ticks = STEADY_SECONDS * 100;
            long start = System.nanoTime();
            int made = 0;
            for (int tick = 0; tick < ticks; tick++) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(10L * tick);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                for (int i = 0; i < perTick; i++) {
                    Subscribed target = subscribed.get(made++ % subscribed.size());
                    fanout.fanOut(target.guild(), "bench-" + made + "-" + target.subscriptionId(), WebhookEventType.TRACK_STARTED, Instant.now(),
                            CloudEventCodec.mapper().createObjectNode().put("guildId", target.guild()).put("title", "Riff Demo Tune"))
                            .subscribe().with(ok -> { }, failure -> System.err.println("fan-out failed: " + failure));
                }
            }
            double offered = made / ((System.nanoTime() - start) / 1e9);
            Map<String, Instant> created = awaitHealthy(subscribed, Duration.ofSeconds(120));
            long[] latency = created.entrySet().stream()
                    .mapToLong(e -> Duration.between(e.getValue(), arrivals.get(e.getKey())).toNanos() / 1000).sorted().toArray();

            // Backlog: BACKLOG messages made due at once, shared out like the steady load.
            UUID[] ids = subscribed.stream().map(Subscribed::subscriptionId).toArray(UUID[]::new);
            pool.preparedQuery("insert into webhook_message (id, subscription_id, guild_id, source_event_id, event_type, payload, next_attempt_at)"
                            + " select 'msg_' || replace(cast(gen_random_uuid() as text), '-', ''), s.id, s.guild_id, 'backlog-' || n, 'track.started',"
                            + " '{\"type\":\"track.started\",\"data\":{}}', now() + interval '1 hour'"
                            + " from generate_series(1, $2) n join webhook_subscription s on s.id = ($1::uuid[])[1 + n % cardinality($1::uuid[])]")
                    .execute(Tuple.of(ids, BACKLOG)).await().indefinitely();
            int healthyBacklog = pool.preparedQuery("select count(*) from webhook_message m where m.source_event_id like 'backlog-%'"
                            + " and m.subscription_id = any(cast($1 as uuid[]))")
                    .execute(Tuple.of(subscribed.stream().filter(Subscribed::healthy).map(Subscribed::subscriptionId).toArray(UUID[]::new)))
                    .await().indefinitely().iterator().next().getInteger(0);
            Instant released = Instant.now();
            pool.preparedQuery("update webhook_message set next_attempt_at = now() where source_event_id like 'backlog-%' and subscription_id = any(cast($1 as uuid[]))")
                    .execute(Tuple.of(ids)).await().indefinitely();
            dispatcher.wake();
            Map<String, Instant> backlog = awaitHealthy(subscribed, Duration.ofSeconds(300));
            Instant last = backlog.keySet().stream().filter(id -> !created.containsKey(id)).map(arrivals::get).max(Instant::compareTo).orElseThrow();
            double perSecond = healthyBacklog / (Duration.between(released, last).toNanos() / 1e9);
            return new Outcome(healthyEndpoints, bad ? badEndpoints(subscribed) : null, made, offered, latency, healthyBacklog, perSecond);
        } finally {
            // Retired as an admin's disable would: what is pending is skipped, what is in flight is recorded.
            UUID[] ids = subscribed.stream().map(Subscribed::subscriptionId).toArray(UUID[]::new);
            pool.preparedQuery("update webhook_subscription set is_active = false where id = any($1)").execute(Tuple.of(ids)).await().indefinitely();
            pool.preparedQuery("update webhook_message set status = 'skipped' where subscription_id = any($1) and status = 'pending' and leased_until is null")
                    .execute(Tuple.of(ids)).await().indefinitely();
        }
    }

    private BadEndpoints badEndpoints(List<Subscribed> subscribed) {
        UUID slow = subscribed.get(subscribed.size() - 2).subscriptionId();
        UUID down = subscribed.get(subscribed.size() - 1).subscriptionId();
        Row row = pool.preparedQuery("select (select count(*) from webhook_attempt a join webhook_message m on m.id = a.message_id"
                        + " where m.subscription_id = $2) as down_attempts,"
                        + " (select count(*) from webhook_message where subscription_id = $2) as down_messages,"
                        + " (select count(*) from webhook_message where subscription_id = $1 and status = 'delivered') as slow_delivered,"
                        + " (select count(*) from webhook_message where subscription_id = $1) as slow_messages")
                .execute(Tuple.of(slow, down)).await().indefinitely().iterator().next();
        return new BadEndpoints(row.getLong("down_attempts"), row.getLong("down_messages"), row.getLong("slow_delivered"), row.getLong("slow_messages"));
    }

    /** Waits until every message to a healthy endpoint has arrived; returns their ids and when each was made. */
    private Map<String, Instant> awaitHealthy(List<Subscribed> subscribed, Duration atMost) throws InterruptedException {
        UUID[] healthy = subscribed.stream().filter(Subscribed::healthy).map(Subscribed::subscriptionId).toArray(UUID[]::new);
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            Map<String, Instant> created = new ConcurrentHashMap<>();
            for (Row row : pool.preparedQuery("select id, created_at from webhook_message where subscription_id = any(cast($1 as uuid[]))")
                    .execute(Tuple.of(healthy)).await().indefinitely()) {
                created.put(row.getString("id"), row.getOffsetDateTime("created_at").toInstant());
            }
            long missing = created.keySet().stream().filter(id -> !arrivals.containsKey(id)).count();
            if (missing == 0) {
                return created;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(missing + " messages to healthy endpoints did not arrive in " + atMost);
            }
            Thread.sleep(200);
        }
    }

    private static Subscribed subscribe(String url, boolean healthy) {
        String guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
        String id = given().contentType("application/json")
                .body(CloudEventCodec.mapper().createObjectNode().put("url", url)
                        .set("events", CloudEventCodec.mapper().valueToTree(List.of("track.started"))).toString())
                .post("/api/v1/guilds/{guild}/webhooks", guild).then().statusCode(201).extract().jsonPath().getString("endpoint.id");
        return new Subscribed(guild, UUID.fromString(id), healthy);
    }
}
