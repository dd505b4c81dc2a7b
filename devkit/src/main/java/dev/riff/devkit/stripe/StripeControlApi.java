package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The simulator's control API (not Stripe's), JSON under {@code /control}: set the webhook endpoint,
 * play the customer and the passing of time (pay a Checkout Session, renew, fail a payment, cancel,
 * refund), and look at and steer webhook deliveries (pause, resume, redeliver).
 *
 * <pre>
 * GET|POST /control/webhook-endpoint               {url, enabledEvents?: ["*"]}
 * POST /control/prices                             {id, unitAmount, currency?: usd, interval?: month, productName?}
 * POST /control/checkout/sessions/{id}/complete    → {sessionId, subscriptionId, customerId, invoiceId, chargeId}
 * POST /control/checkout/sessions/{id}/expire
 * POST /control/subscriptions/{id}/renew           → {subscriptionId, status, invoiceId, chargeId, currentPeriodEnd}
 * POST /control/subscriptions/{id}/fail-payment    {exhausted?: false} → {subscriptionId, status, invoiceId, attemptCount}
 * POST /control/subscriptions/{id}/cancel
 * POST /control/subscriptions/{id}/refund          → {subscriptionId, chargeId, refundId, amount}
 * GET  /control/events[?type=]                     each {id, type, created, delivery, attempts[], event}
 * GET  /control/events/{id}
 * POST /control/events/{id}/redeliver              one manual attempt now → {eventId, attempt}
 * POST /control/deliveries/pause | resume, GET /control/deliveries   → {paused, queued[]}
 * GET  /control/requests                           API requests: method, path, params, status, idempotencyKey
 * </pre>
 * Unknown ids answer 404, actions that do not fit the object's state 409, each with {@code {"error": …}}.
 */
final class StripeControlApi {

    private final StripeSimulator simulator;

    StripeControlApi(StripeSimulator simulator) {
        this.simulator = simulator;
    }

    void mount(Router router) {
        router.route("/control/*").handler(BodyHandler.create(false));
        router.get("/control/webhook-endpoint").handler(ctx -> guarded(ctx, this::endpoint));
        router.post("/control/webhook-endpoint").handler(ctx -> guarded(ctx, () -> {
            JsonNode body = body(ctx);
            List<String> enabled = new ArrayList<>();
            body.path("enabledEvents").forEach(type -> enabled.add(type.asText()));
            simulator.deliverTo(body.path("url").isNull() ? null : body.path("url").asText(null), enabled);
            return endpoint();
        }));
        router.post("/control/checkout/sessions/:id/complete").handler(ctx -> guarded(ctx, () -> simulator.completeCheckout(ctx.pathParam("id"))));
        router.post("/control/checkout/sessions/:id/expire").handler(ctx -> guarded(ctx, () -> simulator.expireCheckout(ctx.pathParam("id"))));
        router.post("/control/subscriptions/:id/renew").handler(ctx -> guarded(ctx, () -> simulator.renew(ctx.pathParam("id"))));
        router.post("/control/subscriptions/:id/fail-payment").handler(ctx -> guarded(ctx, () ->
                simulator.failPayment(ctx.pathParam("id"), body(ctx).path("exhausted").asBoolean(false))));
        router.post("/control/subscriptions/:id/cancel").handler(ctx -> guarded(ctx, () -> simulator.cancel(ctx.pathParam("id"))));
        router.post("/control/subscriptions/:id/refund").handler(ctx -> guarded(ctx, () -> simulator.refundLatestCharge(ctx.pathParam("id"))));
        router.post("/control/prices").handler(ctx -> guarded(ctx, () -> {
            JsonNode body = body(ctx);
            if (!body.hasNonNull("id") || !body.hasNonNull("unitAmount")) {
                throw new IllegalArgumentException("a price needs id and unitAmount");
            }
            return simulator.definePrice(body.get("id").asText(), body.get("unitAmount").asLong(),
                    body.path("currency").asText(StripeState.DEFAULT_CURRENCY), body.path("interval").asText("month"),
                    body.path("productName").asText(null));
        }));
        router.get("/control/events").handler(ctx -> guarded(ctx, () -> {
            String type = ctx.request().getParam("type");
            ArrayNode events = StripeJson.arr();
            simulator.events().stream().filter(e -> type == null || type.equals(e.type())).forEach(e -> events.add(describe(e)));
            return events;
        }));
        router.get("/control/events/:id").handler(ctx -> guarded(ctx, () -> describe(event(ctx))));
        router.post("/control/events/:id/redeliver").handler(ctx -> {
            StripeEvent event;
            try {
                event = event(ctx);
            } catch (IllegalArgumentException e) {
                error(ctx, 404, e.getMessage());
                return;
            }
            // Answers once the attempt has its outcome, without holding the event loop meanwhile.
            simulator.redeliver(event.id()).whenComplete((attempt, failure) -> {
                if (failure != null) {
                    error(ctx, 409, failure.getMessage());
                } else {
                    ok(ctx, StripeJson.obj().put("eventId", event.id()).set("attempt", attempt(attempt)));
                }
            });
        });
        router.post("/control/deliveries/pause").handler(ctx -> guarded(ctx, () -> {
            simulator.pauseDeliveries();
            return deliveries();
        }));
        router.post("/control/deliveries/resume").handler(ctx -> guarded(ctx, () -> {
            simulator.resumeDeliveries();
            return deliveries();
        }));
        router.get("/control/deliveries").handler(ctx -> guarded(ctx, this::deliveries));
        router.get("/control/requests").handler(ctx -> guarded(ctx, () -> StripeJson.MAPPER.valueToTree(simulator.requests().stream()
                .map(r -> {
                    ObjectNode node = StripeJson.obj().put("at", r.at().toString()).put("requestId", r.requestId())
                            .put("method", r.method()).put("path", r.path()).put("status", r.status())
                            .put("idempotencyKey", r.idempotencyKey()).put("stripeVersion", r.stripeVersion());
                    node.set("params", r.params());
                    return node;
                }).toList())));
    }

    private StripeEvent event(RoutingContext ctx) {
        return simulator.event(ctx.pathParam("id")).orElseThrow(() -> new IllegalArgumentException("no event " + ctx.pathParam("id")));
    }

    private ObjectNode endpoint() {
        WebhookDispatcher.Endpoint endpoint = simulator.dispatcher().endpoint();
        ObjectNode node = StripeJson.obj().put("url", endpoint == null ? null : endpoint.url());
        ArrayNode enabled = node.putArray("enabledEvents");
        if (endpoint != null) {
            endpoint.enabledEvents().stream().sorted().forEach(enabled::add);
        }
        return node;
    }

    private ObjectNode deliveries() {
        ObjectNode node = StripeJson.obj().put("paused", simulator.dispatcher().paused());
        ArrayNode queued = node.putArray("queued");
        simulator.dispatcher().queued().forEach(queued::add);
        return node;
    }

    static ObjectNode describe(StripeEvent event) {
        ObjectNode node = StripeJson.obj().put("id", event.id()).put("type", event.type()).put("created", event.created())
                .put("delivery", event.delivery().name().toLowerCase(Locale.ROOT));
        ArrayNode attempts = node.putArray("attempts");
        event.attempts().forEach(a -> attempts.add(attempt(a)));
        node.set("event", event.json());
        return node;
    }

    private static ObjectNode attempt(StripeEvent.Attempt attempt) {
        ObjectNode node = StripeJson.obj().put("number", attempt.number()).put("at", attempt.at().toString())
                .put("signatureTimestamp", attempt.signatureTimestamp());
        if (attempt.status() == null) {
            node.putNull("status");
        } else {
            node.put("status", attempt.status());
        }
        return node.put("error", attempt.error()).put("durationMillis", attempt.durationMillis()).put("manual", attempt.manual())
                .put("url", attempt.url());
    }

    private static void guarded(RoutingContext ctx, Supplier<JsonNode> action) {
        try {
            ok(ctx, action.get());
        } catch (StripeApiError e) {
            error(ctx, e.status, e.getMessage());
        } catch (IllegalStateException e) {
            error(ctx, 409, e.getMessage());
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
        }
    }

    private static JsonNode body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        return text == null || text.isBlank() ? StripeJson.obj() : StripeJson.parse(text);
    }

    private static void ok(RoutingContext ctx, JsonNode body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
    }

    private static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(StripeJson.obj().put("error", message).toString());
    }
}
