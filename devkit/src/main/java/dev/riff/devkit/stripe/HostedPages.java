package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Bare stand-ins for Stripe's hosted pages, so a person running the fleet locally can follow a
 * Checkout Session's or portal session's {@code url}: pay with a test card, or cancel at period end.
 * Automated tests use the control API instead.
 */
final class HostedPages {

    private final StripeSimulator simulator;

    HostedPages(StripeSimulator simulator) {
        this.simulator = simulator;
    }

    void mount(Router router) {
        router.get("/checkout/:id").handler(this::checkout);
        router.post("/checkout/:id/pay").handler(ctx -> {
            String id = ctx.pathParam("id");
            try {
                simulator.completeCheckout(id);
            } catch (RuntimeException e) {
                page(ctx, 409, "Checkout", "<p>" + escape(e.getMessage()) + "</p>");
                return;
            }
            ObjectNode session = simulator.state().retrieve("checkout.session", id, "id");
            String success = session.path("success_url").asText(null);
            if (success == null) {
                page(ctx, 200, "Paid", "<p>Thanks: the subscription " + escape(session.get("subscription").asText()) + " is active.</p>");
            } else {
                // Stripe fills the template variable with the session id.
                redirect(ctx, success.replace("{CHECKOUT_SESSION_ID}", URLEncoder.encode(id, StandardCharsets.UTF_8)));
            }
        });
        router.get("/billing_portal/:id").handler(this::portal);
        router.post("/billing_portal/:id/subscriptions/:subscription/cancel").handler(ctx -> {
            ObjectNode portal;
            try {
                portal = simulator.state().retrieve("billing_portal.session", ctx.pathParam("id"), "id");
                String subscription = ctx.pathParam("subscription");
                if (!portal.get("customer").asText().equals(simulator.state().retrieve("subscription", subscription, "id").get("customer").asText())) {
                    throw new IllegalArgumentException("not this customer's subscription");
                }
                simulator.state().updateSubscription(subscription, StripeJson.obj().put("cancel_at_period_end", "true"), StripeState.Origin.AUTOMATIC);
            } catch (RuntimeException e) {
                page(ctx, 404, "Billing portal", "<p>" + escape(e.getMessage()) + "</p>");
                return;
            }
            redirect(ctx, "/billing_portal/" + portal.get("id").asText());
        });
    }

    private void checkout(RoutingContext ctx) {
        ObjectNode session;
        try {
            session = simulator.state().retrieve("checkout.session", ctx.pathParam("id"), "id");
        } catch (StripeApiError e) {
            page(ctx, 404, "Checkout", "<p>" + escape(e.getMessage()) + "</p>");
            return;
        }
        StringBuilder body = new StringBuilder("<ul>");
        for (JsonNode item : simulator.state().lineItems(session.get("id").asText(), StripeJson.obj()).get("data")) {
            body.append("<li>").append(item.get("quantity").asLong()).append(" × ").append(escape(item.get("description").asText()))
                    .append(": ").append(StripeObjects.money(item.get("amount_total").asLong(), item.get("currency").asText()))
                    .append(" / ").append(escape(item.path("price").path("recurring").path("interval").asText())).append("</li>");
        }
        body.append("</ul>");
        if ("open".equals(session.get("status").asText())) {
            body.append("<form method=\"post\" action=\"/checkout/").append(escape(session.get("id").asText()))
                    .append("/pay\"><button>Pay with test card 4242 4242 4242 4242</button></form>");
            if (!session.path("cancel_url").isNull()) {
                body.append("<p><a href=\"").append(escape(session.get("cancel_url").asText())).append("\">Cancel</a></p>");
            }
        } else {
            body.append("<p>This session is ").append(escape(session.get("status").asText())).append(".</p>");
        }
        page(ctx, 200, "Checkout (Stripe simulator)", body.toString());
    }

    private void portal(RoutingContext ctx) {
        ObjectNode portal;
        try {
            portal = simulator.state().retrieve("billing_portal.session", ctx.pathParam("id"), "id");
        } catch (StripeApiError e) {
            page(ctx, 404, "Billing portal", "<p>" + escape(e.getMessage()) + "</p>");
            return;
        }
        StringBuilder body = new StringBuilder("<ul>");
        for (ObjectNode subscription : simulator.state().subscriptionsOf(portal.get("customer").asText())) {
            String id = subscription.get("id").asText();
            body.append("<li>").append(escape(id)).append(" (").append(escape(subscription.get("status").asText())).append(")");
            if (subscription.get("cancel_at_period_end").asBoolean()) {
                body.append(": cancels at the end of the period");
            } else {
                body.append(" <form method=\"post\" action=\"/billing_portal/").append(escape(portal.get("id").asText()))
                        .append("/subscriptions/").append(escape(id)).append("/cancel\"><button>Cancel at period end</button></form>");
            }
            body.append("</li>");
        }
        body.append("</ul>");
        if (!portal.path("return_url").isNull()) {
            body.append("<p><a href=\"").append(escape(portal.get("return_url").asText())).append("\">Return</a></p>");
        }
        page(ctx, 200, "Billing portal (Stripe simulator)", body.toString());
    }

    private static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }

    private static void page(RoutingContext ctx, int status, String title, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .end("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body><h1>"
                        + escape(title) + "</h1>" + body + "</body></html>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
