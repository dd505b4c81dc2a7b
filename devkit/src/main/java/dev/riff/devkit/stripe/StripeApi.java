package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Stripe's REST API v1, the part a subscription business uses, as stripe-java calls it: form-encoded
 * requests with Stripe's bracket notation, JSON answers, Bearer (or Basic) authentication with a
 * test-mode secret key, idempotency keys on POST, and Stripe's error shape and status codes.
 * Top-level parameters Stripe does not know are refused ({@code parameter_unknown}) so a typo shows
 * here as it would against Stripe; known parameters the simulator does not model are accepted and ignored.
 */
final class StripeApi {

    private record Call(RoutingContext ctx, ObjectNode params, StripeState.Origin origin) {
        String path(String name) {
            return ctx.pathParam(name);
        }
    }

    private record Stored(String fingerprint, int status, String body) {
    }

    private static final Set<String> LIST = Set.of("created", "ending_before", "expand", "limit", "starting_after");
    private static final Set<String> RETRIEVE = Set.of("expand");
    // Stripe's top-level parameters of each endpoint (API 2026-07-29.dahlia).
    private static final Set<String> CUSTOMER_CREATE = Set.of("address", "balance", "business_name", "cash_balance", "description",
            "email", "expand", "individual_name", "invoice_prefix", "invoice_settings", "metadata", "name", "next_invoice_sequence",
            "payment_method", "phone", "preferred_locales", "shipping", "source", "tax", "tax_exempt", "tax_id_data", "test_clock", "validate");
    private static final Set<String> CUSTOMER_UPDATE = Set.of("address", "balance", "business_name", "cash_balance", "default_source",
            "description", "email", "expand", "individual_name", "invoice_prefix", "invoice_settings", "metadata", "name",
            "next_invoice_sequence", "phone", "preferred_locales", "shipping", "source", "tax", "tax_exempt", "validate");
    private static final Set<String> CHECKOUT_CREATE = Set.of("adaptive_pricing", "after_expiration", "allow_promotion_codes",
            "automatic_tax", "billing_address_collection", "branding_settings", "cancel_url", "client_reference_id", "consent_collection",
            "currency", "custom_fields", "custom_text", "customer", "customer_account", "customer_creation", "customer_email",
            "customer_update", "discounts", "excluded_payment_method_types", "expand", "expires_at", "integration_identifier",
            "invoice_creation", "line_items", "locale", "managed_payments", "metadata", "mode", "name_collection", "optional_items",
            "origin_context", "payment_intent_data", "payment_method_collection", "payment_method_configuration", "payment_method_data",
            "payment_method_options", "payment_method_types", "permissions", "phone_number_collection", "redirect_on_completion",
            "return_url", "saved_payment_method_options", "setup_intent_data", "shipping_address_collection", "shipping_options",
            "submit_type", "subscription_data", "success_url", "tax_id_collection", "ui_mode", "wallet_options");
    private static final Set<String> SUBSCRIPTION_UPDATE = Set.of("add_invoice_items", "application_fee_percent", "automatic_tax",
            "billing_cycle_anchor", "billing_schedules", "billing_thresholds", "cancel_at", "cancel_at_period_end", "cancellation_details",
            "collection_method", "days_until_due", "default_payment_method", "default_source", "default_tax_rates", "description",
            "discounts", "expand", "invoice_settings", "items", "metadata", "off_session", "on_behalf_of", "pause_collection",
            "payment_behavior", "payment_settings", "pending_invoice_item_interval", "proration_behavior", "proration_date",
            "transfer_data", "trial_end", "trial_from_plan", "trial_settings");
    private static final Set<String> SUBSCRIPTION_CANCEL = Set.of("cancellation_details", "expand", "invoice_now", "prorate");
    private static final Set<String> PORTAL_CREATE = Set.of("configuration", "customer", "customer_account", "expand", "flow_data",
            "locale", "on_behalf_of", "return_url");
    private static final Set<String> REFUND_CREATE = Set.of("amount", "charge", "currency", "customer", "expand", "instructions_email",
            "metadata", "origin", "payment_intent", "reason", "refund_application_fee", "reverse_transfer");

    private final StripeState state;
    private final List<RecordedApiRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Stored> idempotent = new ConcurrentHashMap<>();

    StripeApi(StripeState state) {
        this.state = state;
    }

    List<RecordedApiRequest> requests() {
        return List.copyOf(requests);
    }

    void mount(Router router) {
        router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(1 << 20));
        router.route("/v1/*").handler(this::prepare);
        router.get("/v1/customers").handler(endpoint(with(LIST, "email", "test_clock"), call -> state.listCustomers(call.params())));
        router.post("/v1/customers").handler(endpoint(CUSTOMER_CREATE, call -> state.createCustomer(call.params(), call.origin())));
        router.get("/v1/customers/:id").handler(endpoint(RETRIEVE, call -> state.retrieve("customer", call.path("id"), "id")));
        router.post("/v1/customers/:id").handler(endpoint(CUSTOMER_UPDATE,
                call -> state.updateCustomer(call.path("id"), call.params(), call.origin())));
        router.get("/v1/checkout/sessions").handler(endpoint(with(LIST, "customer", "customer_account", "customer_details",
                "payment_intent", "payment_link", "status", "subscription"), call -> state.listCheckoutSessions(call.params())));
        router.post("/v1/checkout/sessions").handler(endpoint(CHECKOUT_CREATE,
                call -> state.createCheckoutSession(call.params(), call.origin())));
        router.get("/v1/checkout/sessions/:id").handler(endpoint(RETRIEVE,
                call -> state.retrieve("checkout.session", call.path("id"), "session")));
        router.get("/v1/checkout/sessions/:id/line_items").handler(endpoint(LIST,
                call -> state.lineItems(call.path("id"), call.params())));
        router.post("/v1/checkout/sessions/:id/expire").handler(endpoint(RETRIEVE,
                call -> state.expireCheckout(call.path("id"), call.origin())));
        router.get("/v1/subscriptions").handler(endpoint(with(LIST, "automatic_tax", "collection_method", "current_period_end",
                "current_period_start", "customer", "customer_account", "plan", "price", "status", "test_clock"),
                call -> state.listSubscriptions(call.params())));
        router.get("/v1/subscriptions/:id").handler(endpoint(RETRIEVE, call -> state.retrieve("subscription", call.path("id"), "id")));
        router.post("/v1/subscriptions/:id").handler(endpoint(SUBSCRIPTION_UPDATE,
                call -> state.updateSubscription(call.path("id"), call.params(), call.origin())));
        router.delete("/v1/subscriptions/:id").handler(endpoint(SUBSCRIPTION_CANCEL,
                call -> state.cancelSubscription(call.path("id"), call.params(), call.origin())));
        router.post("/v1/billing_portal/sessions").handler(endpoint(PORTAL_CREATE,
                call -> state.createPortalSession(call.params(), call.origin())));
        router.get("/v1/invoices").handler(endpoint(with(LIST, "collection_method", "customer", "customer_account", "due_date",
                "status", "subscription"), call -> state.listInvoices(call.params())));
        router.get("/v1/invoices/:id").handler(endpoint(RETRIEVE, call -> state.retrieve("invoice", call.path("id"), "id")));
        router.get("/v1/charges").handler(endpoint(with(LIST, "customer", "payment_intent", "transfer_group"),
                call -> state.listCharges(call.params())));
        router.get("/v1/charges/:id").handler(endpoint(RETRIEVE, call -> state.retrieve("charge", call.path("id"), "id")));
        router.post("/v1/refunds").handler(endpoint(REFUND_CREATE, call -> state.createRefund(call.params(), call.origin())));
        router.get("/v1/refunds/:id").handler(endpoint(RETRIEVE, call -> state.retrieve("refund", call.path("id"), "id")));
        router.get("/v1/prices/:id").handler(endpoint(RETRIEVE, call -> state.retrieve("price", call.path("id"), "id")));
        router.get("/v1/products/:id").handler(endpoint(RETRIEVE, call -> state.retrieve("product", call.path("id"), "id")));
        router.get("/v1/events").handler(endpoint(with(LIST, "delivery_success", "type", "types"), call -> state.listEvents(call.params())));
        router.get("/v1/events/:id").handler(endpoint(RETRIEVE, call -> state.event(call.path("id")).map(StripeEvent::json)
                .orElseThrow(() -> StripeApiError.missing("event", call.path("id"), "id"))));
        router.route("/v1/*").handler(ctx -> fail(ctx, new StripeApiError(404, "invalid_request_error", null,
                "Unrecognized request URL (" + ctx.request().method() + ": " + ctx.request().path()
                        + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", null)));
    }

    private static Set<String> with(Set<String> base, String... more) {
        return Stream.concat(base.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }

    /** Authentication, parameters, the request record, and idempotent replays, before any endpoint runs. */
    private void prepare(RoutingContext ctx) {
        String requestId = StripeIds.next("req");
        String version = ctx.request().getHeader("Stripe-Version");
        String idempotencyKey = ctx.request().method() == HttpMethod.POST ? ctx.request().getHeader("Idempotency-Key") : null;
        ctx.put("requestId", requestId);
        ctx.response().putHeader("Request-Id", requestId)
                .putHeader("Stripe-Version", version == null ? StripeSimulator.API_VERSION : version)
                .putHeader("Cache-Control", "no-cache, no-store");
        if (idempotencyKey != null) {
            ctx.response().putHeader("Idempotency-Key", idempotencyKey);
        }
        ObjectNode params = StripeJson.obj();
        ctx.addHeadersEndHandler(v -> requests.add(new RecordedApiRequest(Instant.now(), requestId, ctx.request().method().name(),
                ctx.request().path(), params, ctx.response().getStatusCode(), idempotencyKey, version)));
        String apiKey = apiKey(ctx);
        if (apiKey == null) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Stripe\"");
            fail(ctx, new StripeApiError(401, "invalid_request_error", null, "You did not provide an API key. You need to provide your API key "
                    + "in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
                    + "https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.", null));
            return;
        }
        if (!apiKey.startsWith("sk_test_") || apiKey.length() <= "sk_test_".length()) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Stripe\"");
            fail(ctx, new StripeApiError(401, "invalid_request_error", null, "Invalid API Key provided: " + mask(apiKey), null));
            return;
        }
        try {
            FormParams.parseInto(params, ctx.request().query());
            if (ctx.body() != null && ctx.body().length() > 0) {
                String type = ctx.request().getHeader("Content-Type");
                if (type != null && !type.startsWith("application/x-www-form-urlencoded")) {
                    throw StripeApiError.invalid("Invalid request: the body must be application/x-www-form-urlencoded, as Stripe's v1 API "
                            + "takes it (this was " + type + ").", null);
                }
                FormParams.parseInto(params, ctx.body().asString(StandardCharsets.UTF_8.name()));
            }
            ObjectNode finished = (ObjectNode) FormParams.finish(params, null);
            if (finished != params) {
                throw StripeApiError.invalid("Invalid request parameters", null);
            }
        } catch (StripeApiError e) {
            fail(ctx, e);
            return;
        }
        ctx.put("params", params);
        if (idempotencyKey != null) {
            if (idempotencyKey.length() > 255) {
                fail(ctx, StripeApiError.invalid("Invalid Idempotency-Key: it may have at most 255 characters.", null));
                return;
            }
            String scope = apiKey + '\u0000' + idempotencyKey;
            ctx.put("idempotencyScope", scope);
            Stored stored = idempotent.get(scope);
            if (stored != null) {
                if (!stored.fingerprint().equals(fingerprint(ctx, params))) {
                    fail(ctx, new StripeApiError(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the same "
                            + "parameters they were first used with. Try using a key other than '" + idempotencyKey
                            + "' if you meant to execute a different request.", null));
                    return;
                }
                ctx.response().setStatusCode(stored.status()).putHeader("Content-Type", "application/json")
                        .putHeader("Idempotent-Replayed", "true").end(stored.body());
                return;
            }
        }
        ctx.next();
    }

    private Handler<RoutingContext> endpoint(Set<String> allowed, Function<Call, ObjectNode> action) {
        return ctx -> {
            ObjectNode params = ctx.get("params");
            try {
                for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!allowed.contains(name)) {
                        throw StripeApiError.invalid("parameter_unknown", "Received unknown parameter: " + name, name);
                    }
                }
                String key = ctx.request().method() == HttpMethod.POST ? ctx.request().getHeader("Idempotency-Key") : null;
                ObjectNode result = action.apply(new Call(ctx, params, new StripeState.Origin(ctx.get("requestId"), key)));
                state.expand(result, expansions(params));
                String body = StripeJson.pretty(result);
                String scope = ctx.get("idempotencyScope");
                if (scope != null) {
                    // Only executed requests are remembered; a request refused in validation may be retried with the same key.
                    idempotent.put(scope, new Stored(fingerprint(ctx, params), 200, body));
                }
                ctx.response().putHeader("Content-Type", "application/json").end(body);
            } catch (StripeApiError e) {
                fail(ctx, e);
            } catch (RuntimeException e) {
                e.printStackTrace();
                fail(ctx, new StripeApiError(500, "api_error", null, "An unknown error occurred in the Stripe simulator: " + e, null));
            }
        };
    }

    private static List<String> expansions(JsonNode params) {
        JsonNode expand = params.get("expand");
        List<String> paths = new ArrayList<>();
        if (expand instanceof ArrayNode array) {
            array.forEach(path -> paths.add(path.asText()));
        } else if (expand != null && !expand.asText().isEmpty()) {
            paths.add(expand.asText());
        }
        return paths;
    }

    private static String fingerprint(RoutingContext ctx, JsonNode params) {
        return ctx.request().method() + " " + ctx.request().path() + " " + params;
    }

    /** The key from {@code Authorization: Bearer <key>}, or Basic with the key as user name (curl's {@code -u sk_test_…:}). */
    private static String apiKey(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String key = colon < 0 ? decoded : decoded.substring(0, colon);
                return key.isEmpty() ? null : key;
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return "";
    }

    /** As Stripe shows a refused key: its prefix, the middle starred, the last four characters. */
    private static String mask(String key) {
        if (key.length() <= 8) {
            return key.isEmpty() ? "(empty)" : "*".repeat(key.length());
        }
        int prefix = key.startsWith("sk_") || key.startsWith("rk_") || key.startsWith("pk_") ? key.indexOf('_', 3) + 1 : 0;
        prefix = Math.max(0, Math.min(prefix, key.length() - 4));
        return key.substring(0, prefix) + "*".repeat(key.length() - prefix - 4) + key.substring(key.length() - 4);
    }

    private static void fail(RoutingContext ctx, StripeApiError error) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(error.status).putHeader("Content-Type", "application/json")
                .end(StripeJson.pretty(error.body(ctx.get("requestId"))));
    }
}
