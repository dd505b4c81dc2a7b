package dev.riff.devkit.stripe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends events to the one webhook endpoint as Stripe does: a signed JSON POST, retried on a
 * non-2xx answer, a connection error or a timeout, each retry signed afresh.
 *
 * <p>Delivery runs on its own thread, never on the API's. First attempts go out one at a time in
 * the order the events were made (so one action's events arrive in order); retries are scheduled
 * apart from that queue, so a failing event never holds back later ones (Stripe does not promise
 * order either). While paused, first attempts and due retries wait in the queue.
 */
final class WebhookDispatcher implements AutoCloseable {

    static final String USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";

    /** The endpoint and the event types it listens for ({@code *}: all). */
    record Endpoint(String url, Set<String> enabledEvents) {

        boolean wants(String type) {
            return enabledEvents.contains("*") || enabledEvents.contains(type);
        }
    }

    private record Queued(StripeEvent event, int attempt) {
    }

    private final String secret;
    private final DeliveryPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final Executor onScheduler;
    private final HttpClient http;
    private final ConcurrentLinkedDeque<Queued> queue = new ConcurrentLinkedDeque<>();
    private volatile Endpoint endpoint;
    private volatile boolean paused;
    /** Confined to the scheduler thread: whether a first attempt from the queue is in flight. */
    private boolean busy;

    WebhookDispatcher(String secret, DeliveryPolicy policy) {
        this.secret = secret;
        this.policy = policy;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stripe-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        // Completions arriving after close must not throw into the HTTP client's threads.
        this.onScheduler = task -> {
            try {
                scheduler.execute(task);
            } catch (RejectedExecutionException closed) {
                // shutting down: the attempt is dropped
            }
        };
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(policy.timeout()).build();
    }

    void endpoint(String url, List<String> enabledEvents) {
        if (url == null || url.isBlank()) {
            endpoint = null;
            return;
        }
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("a webhook endpoint is an http(s) URL: " + url);
        }
        endpoint = new Endpoint(url, Set.copyOf(enabledEvents == null || enabledEvents.isEmpty() ? List.of("*") : enabledEvents));
    }

    Endpoint endpoint() {
        return endpoint;
    }

    boolean wants(String type) {
        Endpoint current = endpoint;
        return current != null && current.wants(type);
    }

    DeliveryPolicy policy() {
        return policy;
    }

    /** Queues the first attempt; callers enqueue in the order the events were made. */
    void enqueue(StripeEvent event) {
        queue.add(new Queued(event, 1));
        event.delivery(paused ? StripeEvent.Delivery.HELD : StripeEvent.Delivery.PENDING);
        onScheduler.execute(this::pump);
    }

    void pause() {
        paused = true;
        queue.forEach(q -> q.event().delivery(StripeEvent.Delivery.HELD));
    }

    void resume() {
        paused = false;
        queue.forEach(q -> q.event().delivery(StripeEvent.Delivery.PENDING));
        onScheduler.execute(this::pump);
    }

    boolean paused() {
        return paused;
    }

    /** Ids of the events waiting in the queue, in sending order. */
    List<String> queued() {
        return queue.stream().map(q -> q.event().id()).toList();
    }

    /** One extra, manual attempt now (Stripe's "Resend"), freshly signed, whether or not deliveries are paused. */
    CompletableFuture<StripeEvent.Attempt> redeliver(StripeEvent event) {
        CompletableFuture<StripeEvent.Attempt> result = new CompletableFuture<>();
        onScheduler.execute(() -> send(event, event.attempts().size() + 1, true).whenComplete((attempt, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(attempt);
            }
        }));
        return result;
    }

    /** Runs on the scheduler thread: sends the next queued attempt once the one before it has its outcome. */
    private void pump() {
        while (!paused && !busy) {
            Queued next = queue.poll();
            if (next == null) {
                return;
            }
            CompletableFuture<StripeEvent.Attempt> sent = send(next.event(), next.attempt(), false);
            if (!sent.isDone()) {
                // Completes later on this same thread, so nothing else can slip in between.
                busy = true;
                sent.whenComplete((attempt, error) -> {
                    busy = false;
                    pump();
                });
            }
        }
    }

    /** Completes on the scheduler thread once the attempt has an outcome, its retry (if any) already scheduled. */
    private CompletableFuture<StripeEvent.Attempt> send(StripeEvent event, int number, boolean manual) {
        Endpoint target = endpoint;
        if (target == null) {
            if (!manual) {
                event.delivery(StripeEvent.Delivery.FAILED);
            }
            return CompletableFuture.failedFuture(new IllegalStateException("no webhook endpoint is set"));
        }
        long signedAt = Instant.now().getEpochSecond();
        byte[] payload = event.payloadBytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(policy.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .header("Cache-Control", "no-cache")
                .header("Accept", "*/*; q=0.5, application/xml")
                .header("Stripe-Signature", WebhookSignature.header(secret, signedAt, payload))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        Instant at = Instant.now();
        long started = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handleAsync((response, error) -> {
            StripeEvent.Attempt attempt = new StripeEvent.Attempt(number, at, signedAt,
                    response == null ? null : response.statusCode(), error == null ? null : describe(error),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), manual, target.url());
            event.record(attempt);
            if (!manual) {
                afterAutomatic(event, attempt);
            }
            return attempt;
        }, onScheduler);
    }

    private void afterAutomatic(StripeEvent event, StripeEvent.Attempt attempt) {
        if (attempt.succeeded()) {
            event.delivery(StripeEvent.Delivery.DELIVERED);
            return;
        }
        if (attempt.number() >= policy.maxAttempts()) {
            event.delivery(StripeEvent.Delivery.FAILED);
            return;
        }
        event.delivery(StripeEvent.Delivery.RETRYING);
        long delay = policy.retryBackoff().get(attempt.number() - 1).toMillis();
        try {
            scheduler.schedule(() -> {
                if (paused) {
                    queue.add(new Queued(event, attempt.number() + 1));
                    event.delivery(StripeEvent.Delivery.HELD);
                } else {
                    send(event, attempt.number() + 1, false);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // shutting down
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.shutdownNow();
    }
}
