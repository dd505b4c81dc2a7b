package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.devkit.FleetException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Stripe stand-in for a subscription business, close enough to Stripe's documentation for the
 * official stripe-java client to run against it unmodified ({@code StripeClient.builder().setApiBase(baseUrl())}):
 * REST v1 under {@code /v1} (customers, Checkout Sessions, subscriptions, invoices, charges,
 * refunds, prices, customer portal sessions, events), objects in the shapes of API
 * {@link #API_VERSION}, and events delivered to one webhook endpoint signed as Stripe signs them,
 * with retries. Time and the customer are played through the control API under {@code /control}
 * (see {@link StripeControlApi}) or the equivalent methods here.
 */
public final class StripeSimulator implements AutoCloseable {

    /** The API version the simulator's objects and events follow: stripe-java 33.3.0's {@code Stripe.API_VERSION}. */
    public static final String API_VERSION = "2026-07-29.dahlia";

    private final Vertx vertx;
    private final HttpServer server;
    private final StripeState state;
    private final StripeApi api;
    private final WebhookDispatcher dispatcher;
    private final int port;

    private StripeSimulator(int port, String webhookSecret, DeliveryPolicy policy) {
        if (webhookSecret == null || webhookSecret.isEmpty()) {
            throw new IllegalArgumentException("a webhook signing secret is needed (Stripe's look like whsec_…)");
        }
        this.dispatcher = new WebhookDispatcher(webhookSecret, policy);
        this.state = new StripeState(dispatcher);
        this.api = new StripeApi(state);
        this.vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        api.mount(router);
        new StripeControlApi(this).mount(router);
        new HostedPages(this).mount(router);
        try {
            this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                    .requestHandler(router)
                    .listen()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            dispatcher.close();
            vertx.close();
            throw new FleetException("the Stripe simulator cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        this.port = server.actualPort();
        state.baseUrl(baseUrl());
    }

    /** Starts on the given port (0: any free port), signing webhooks with {@code webhookSecret}, with the default retry schedule. */
    public static StripeSimulator start(int port, String webhookSecret) {
        return start(port, webhookSecret, DeliveryPolicy.DEFAULT);
    }

    public static StripeSimulator start(int port, String webhookSecret, DeliveryPolicy policy) {
        return new StripeSimulator(port, webhookSecret, policy);
    }

    /** What stripe-java's {@code setApiBase} takes, e.g. {@code http://127.0.0.1:8091}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The one webhook endpoint, listening for every event type; null stops deliveries. */
    public void deliverTo(String webhookUrl) {
        deliverTo(webhookUrl, List.of("*"));
    }

    /** The one webhook endpoint and the event types it is enabled for ({@code *}: all), as a Stripe webhook endpoint has them. */
    public void deliverTo(String webhookUrl, List<String> enabledEvents) {
        dispatcher.endpoint(webhookUrl, enabledEvents);
    }

    /** Sets a price's amount (minor units), currency and interval; any other price id is monthly at 4.99 USD. */
    public JsonNode definePrice(String priceId, long unitAmount, String currency, String interval, String productName) {
        return state.definePrice(priceId, unitAmount, currency, interval, productName);
    }

    /** The customer pays the Checkout Session: {sessionId, subscriptionId, customerId, invoiceId, chargeId}. */
    public JsonNode completeCheckout(String sessionId) {
        return state.completeCheckout(sessionId);
    }

    public JsonNode expireCheckout(String sessionId) {
        return state.expireCheckout(sessionId, StripeState.Origin.AUTOMATIC);
    }

    /** The period ends and the next is paid (or the subscription ends, if set to cancel at period end). */
    public JsonNode renew(String subscriptionId) {
        return state.renew(subscriptionId);
    }

    /** The renewal's payment fails (past_due); {@code exhausted}: the last retry failed (unpaid). */
    public JsonNode failPayment(String subscriptionId, boolean exhausted) {
        return state.failPayment(subscriptionId, exhausted);
    }

    /** Canceled now, as from the Dashboard. */
    public JsonNode cancel(String subscriptionId) {
        state.cancelSubscription(subscriptionId, StripeJson.obj(), StripeState.Origin.AUTOMATIC);
        return StripeJson.obj().put("subscriptionId", subscriptionId).put("status", "canceled");
    }

    /** The subscription's latest charge is refunded in full: {subscriptionId, chargeId, refundId, amount}. */
    public JsonNode refundLatestCharge(String subscriptionId) {
        return state.refundLatest(subscriptionId);
    }

    /** Every event made so far, oldest first, with its delivery attempts. */
    public List<StripeEvent> events() {
        return state.events();
    }

    public Optional<StripeEvent> event(String eventId) {
        return state.event(eventId);
    }

    /** One extra attempt now, freshly signed, even while deliveries are paused. */
    public CompletableFuture<StripeEvent.Attempt> redeliver(String eventId) {
        StripeEvent event = state.event(eventId).orElseThrow(() -> new IllegalArgumentException("no event " + eventId));
        return dispatcher.redeliver(event);
    }

    /** Holds automatic deliveries (first attempts and retries) in a queue until {@link #resumeDeliveries()}. */
    public void pauseDeliveries() {
        dispatcher.pause();
    }

    public void resumeDeliveries() {
        dispatcher.resume();
    }

    /** The API requests received, oldest first. */
    public List<RecordedApiRequest> requests() {
        return api.requests();
    }

    StripeState state() {
        return state;
    }

    WebhookDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        dispatcher.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
