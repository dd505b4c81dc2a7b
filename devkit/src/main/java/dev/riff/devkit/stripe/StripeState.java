package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The simulated test-mode account: its objects, the operations on them (from the API and from the
 * control API), and the events they make. One lock guards it all, and events are handed to the
 * dispatcher while it is held, so they are sent in the order they were made.
 */
final class StripeState {

    /** A billing period: the simulator's months are 30 days. */
    static final long PERIOD_SECONDS = 30L * 24 * 60 * 60;
    static final long DEFAULT_UNIT_AMOUNT = 499;
    static final String DEFAULT_CURRENCY = "usd";

    /** What caused a change: an API request (its id and idempotency key go into the event's {@code request}) or nothing (automatic). */
    record Origin(String requestId, String idempotencyKey) {
        static final Origin AUTOMATIC = new Origin(null, null);
    }

    private final WebhookDispatcher dispatcher;
    private volatile String baseUrl = "http://127.0.0.1";
    private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
    private final Map<String, ObjectNode> products = new LinkedHashMap<>();
    private final Map<String, ObjectNode> prices = new LinkedHashMap<>();
    private final Map<String, ObjectNode> sessions = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> sessionItems = new HashMap<>();
    /** A session's {@code subscription_data}, for the subscription it makes; not part of the session object. */
    private final Map<String, ObjectNode> pendingSubscriptionData = new HashMap<>();
    private final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();
    private final Map<String, List<String>> subscriptionCharges = new HashMap<>();
    private final Map<String, ObjectNode> invoices = new LinkedHashMap<>();
    private final Map<String, ObjectNode> charges = new LinkedHashMap<>();
    private final Map<String, ObjectNode> refunds = new LinkedHashMap<>();
    private final Map<String, ObjectNode> portalSessions = new LinkedHashMap<>();
    private final Map<String, StripeEvent> events = new LinkedHashMap<>();

    StripeState(WebhookDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    // ---- reading

    private Map<String, ObjectNode> store(String kind) {
        return switch (kind) {
            case "customer" -> customers;
            case "product" -> products;
            case "price" -> prices;
            case "checkout.session" -> sessions;
            case "subscription" -> subscriptions;
            case "invoice" -> invoices;
            case "charge" -> charges;
            case "refund" -> refunds;
            case "billing_portal.session" -> portalSessions;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The object (a copy), or Stripe's 404 naming {@code param}. */
    synchronized ObjectNode retrieve(String kind, String id, String param) {
        if ("price".equals(kind)) {
            return ensurePrice(id).deepCopy();
        }
        return require(kind, id, param).deepCopy();
    }

    private ObjectNode require(String kind, String id, String param) {
        ObjectNode found = id == null ? null : store(kind).get(id);
        if (found == null) {
            throw StripeApiError.missing(kind, id, param);
        }
        return found;
    }

    /** Any object by id, for expansion: the prefix says where to look; price ids are free-form. */
    private Optional<ObjectNode> lookup(String id) {
        Map<String, ObjectNode> store;
        if (id.startsWith("cus_")) {
            store = customers;
        } else if (id.startsWith("cs_")) {
            store = sessions;
        } else if (id.startsWith("sub_")) {
            store = subscriptions;
        } else if (id.startsWith("in_")) {
            store = invoices;
        } else if (id.startsWith("ch_")) {
            store = charges;
        } else if (id.startsWith("re_")) {
            store = refunds;
        } else if (id.startsWith("prod_")) {
            store = products;
        } else if (id.startsWith("bps_")) {
            store = portalSessions;
        } else {
            store = prices;
        }
        return Optional.ofNullable(store.get(id)).map(ObjectNode::deepCopy);
    }

    /** Stripe's {@code expand[]}: dotted paths whose ids become the objects they name; lists are walked through their {@code data}. */
    synchronized void expand(ObjectNode root, List<String> paths) {
        for (String path : paths) {
            String[] segments = path.split("\\.");
            if (segments.length > 4) {
                throw StripeApiError.invalid("You cannot expand more than 4 levels of a property. Property: " + path, "expand");
            }
            expand(root, segments, 0, path);
        }
    }

    private void expand(JsonNode node, String[] segments, int index, String path) {
        if (node.isArray()) {
            node.forEach(element -> expand(element, segments, index, path));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        String key = segments[index];
        if ("line_items".equals(key) && "checkout.session".equals(object.path("object").asText()) && !object.has(key)) {
            object.set(key, lineItems(object.get("id").asText(), StripeJson.obj()));
        }
        JsonNode child = object.get(key);
        if (child == null) {
            throw StripeApiError.invalid("This property cannot be expanded (" + path + ").", "expand");
        }
        if (child.isTextual()) {
            ObjectNode found = lookup(child.asText()).orElseThrow(() ->
                    StripeApiError.invalid("This property cannot be expanded (" + path + ").", "expand"));
            object.set(key, found);
            child = found;
        }
        if (index + 1 < segments.length) {
            expand(child, segments, index + 1, path);
        }
    }

    // ---- prices and products

    /** Any price id is a valid price: it comes into being, monthly at the default amount, the first time it is named. */
    private ObjectNode ensurePrice(String id) {
        ObjectNode price = prices.get(id);
        return price != null ? price : definePriceLocked(id, DEFAULT_UNIT_AMOUNT, DEFAULT_CURRENCY, "month", productName(id));
    }

    synchronized ObjectNode definePrice(String id, long unitAmount, String currency, String interval, String productName) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a price needs an id");
        }
        if (!Set.of("day", "week", "month", "year").contains(interval)) {
            throw new IllegalArgumentException("interval is one of day, week, month, year");
        }
        return definePriceLocked(id, unitAmount, currency.toLowerCase(Locale.ROOT), interval,
                productName == null ? productName(id) : productName).deepCopy();
    }

    private ObjectNode definePriceLocked(String id, long unitAmount, String currency, String interval, String productName) {
        long now = now();
        ObjectNode existing = prices.get(id);
        String productId = existing != null ? existing.get("product").asText() : StripeIds.next("prod");
        products.put(productId, StripeObjects.product(productId, now, productName, id));
        ObjectNode price = StripeObjects.price(id, existing != null ? existing.get("created").asLong() : now, productId,
                unitAmount, currency, interval);
        prices.put(id, price);
        return price;
    }

    /** {@code price_riff_premium} → "Riff Premium". */
    private static String productName(String priceId) {
        String base = priceId.startsWith("price_") ? priceId.substring("price_".length()) : priceId;
        StringBuilder name = new StringBuilder();
        for (String word : base.split("[_\\-]+")) {
            if (!word.isEmpty()) {
                name.append(name.isEmpty() ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.isEmpty() ? priceId : name.toString();
    }

    private String productNameOf(String productId) {
        ObjectNode product = products.get(productId);
        return product == null ? productId : product.get("name").asText();
    }

    // ---- customers

    synchronized ObjectNode createCustomer(JsonNode params, Origin origin) {
        ObjectNode customer = StripeObjects.customer(StripeIds.next("cus"), now(), FormParams.string(params, "email"),
                FormParams.string(params, "name"), FormParams.string(params, "description"));
        FormParams.applyMetadata((ObjectNode) customer.get("metadata"), params, "metadata");
        customers.put(customer.get("id").asText(), customer);
        emit("customer.created", customer, null, origin);
        return customer.deepCopy();
    }

    synchronized ObjectNode updateCustomer(String id, JsonNode params, Origin origin) {
        ObjectNode customer = require("customer", id, "id");
        ObjectNode before = customer.deepCopy();
        for (String field : List.of("email", "name", "description", "phone")) {
            if (params.has(field)) {
                String value = FormParams.string(params, field);
                customer.put(field, value == null || value.isEmpty() ? null : value);
            }
        }
        FormParams.applyMetadata((ObjectNode) customer.get("metadata"), params, "metadata");
        ObjectNode previous = diff(before, customer);
        if (previous != null) {
            emit("customer.updated", customer, previous, origin);
        }
        return customer.deepCopy();
    }

    synchronized ObjectNode listCustomers(JsonNode params) {
        String email = FormParams.string(params, "email");
        return page(filter(customers, c -> email == null || email.equals(c.path("email").asText(null))), params, "/v1/customers");
    }

    // ---- Checkout

    synchronized ObjectNode createCheckoutSession(JsonNode params, Origin origin) {
        String mode = FormParams.required(params, "mode");
        if (!Set.of("payment", "setup", "subscription").contains(mode)) {
            throw StripeApiError.invalid("Invalid mode: must be one of payment, setup, or subscription", "mode");
        }
        if (!"subscription".equals(mode)) {
            throw StripeApiError.invalid("The Stripe simulator supports Checkout in subscription mode only (mode=" + mode + ").", "mode");
        }
        String customer = FormParams.string(params, "customer");
        String customerEmail = FormParams.string(params, "customer_email");
        if (customer != null && customerEmail != null) {
            throw StripeApiError.invalid("You may only specify one of these parameters: customer, customer_email.", "customer_email");
        }
        if (customer != null) {
            require("customer", customer, "customer");
        }
        JsonNode lineItems = params.get("line_items");
        if (lineItems == null || !lineItems.isArray() || lineItems.isEmpty()) {
            throw StripeApiError.invalid("You must provide at least one recurring price in `subscription` mode when using prices.", "line_items");
        }
        List<ObjectNode> items = new ArrayList<>();
        long amount = 0;
        String currency = null;
        for (int i = 0; i < lineItems.size(); i++) {
            JsonNode item = lineItems.get(i);
            String prefix = "line_items[" + i + "]";
            if (item.has("price_data")) {
                throw StripeApiError.invalid("The Stripe simulator supports line items with a price id only (" + prefix + "[price_data]).",
                        prefix + "[price_data]");
            }
            String priceId = FormParams.string(item, "price");
            if (priceId == null || priceId.isEmpty()) {
                throw StripeApiError.parameterMissing(prefix + "[price]");
            }
            Long quantity = FormParams.integer(item, "quantity");
            if (quantity == null) {
                throw StripeApiError.parameterMissing(prefix + "[quantity]");
            }
            if (quantity < 1) {
                throw StripeApiError.invalid("This value must be greater than or equal to 1.", prefix + "[quantity]");
            }
            ObjectNode price = ensurePrice(priceId);
            if (currency != null && !currency.equals(price.get("currency").asText())) {
                throw StripeApiError.invalid("All prices on a Checkout Session must have the same currency.", prefix + "[price]");
            }
            currency = price.get("currency").asText();
            ObjectNode checkoutItem = StripeObjects.checkoutItem(price, productNameOf(price.get("product").asText()), quantity);
            amount += checkoutItem.get("amount_total").asLong();
            items.add(checkoutItem);
        }
        ObjectNode metadata = StripeJson.obj();
        FormParams.applyMetadata(metadata, params, "metadata");
        String id = StripeIds.next("cs_test");
        ObjectNode session = StripeObjects.checkoutSession(id, now(), baseUrl, mode, customer, customerEmail,
                FormParams.string(params, "client_reference_id"), FormParams.string(params, "success_url"),
                FormParams.string(params, "cancel_url"), metadata, amount, currency);
        ObjectNode subscriptionData = params.get("subscription_data") instanceof ObjectNode data ? data.deepCopy() : StripeJson.obj();
        sessions.put(id, session);
        sessionItems.put(id, items);
        pendingSubscriptionData.put(id, subscriptionData);
        return session.deepCopy();
    }

    synchronized ObjectNode lineItems(String sessionId, JsonNode params) {
        require("checkout.session", sessionId, "id");
        List<ObjectNode> items = sessionItems.getOrDefault(sessionId, List.of()).stream().map(ObjectNode::deepCopy).toList();
        return page(items, params, "/v1/checkout/sessions/" + sessionId + "/line_items");
    }

    synchronized ObjectNode listCheckoutSessions(JsonNode params) {
        String customer = FormParams.string(params, "customer");
        String subscription = FormParams.string(params, "subscription");
        String status = FormParams.string(params, "status");
        return page(filter(sessions, s -> (customer == null || customer.equals(s.path("customer").asText(null)))
                && (subscription == null || subscription.equals(s.path("subscription").asText(null)))
                && (status == null || status.equals(s.path("status").asText()))), params, "/v1/checkout/sessions");
    }

    /** The customer pays: the subscription, its first invoice (paid) and charge come into being. */
    synchronized ObjectNode completeCheckout(String sessionId) {
        ObjectNode session = require("checkout.session", sessionId, "id");
        if (!"open".equals(session.get("status").asText())) {
            throw new IllegalStateException("checkout session " + sessionId + " is " + session.get("status").asText() + ", not open");
        }
        long now = now();
        ObjectNode customer;
        boolean newCustomer = session.get("customer").isNull();
        if (newCustomer) {
            String email = session.path("customer_email").isNull() ? "customer." + StripeIds.random(6).toLowerCase(Locale.ROOT) + "@example.com"
                    : session.get("customer_email").asText();
            customer = StripeObjects.customer(StripeIds.next("cus"), now, email, null, null);
            customers.put(customer.get("id").asText(), customer);
        } else {
            customer = require("customer", session.get("customer").asText(), "customer");
        }
        ObjectNode subscriptionData = pendingSubscriptionData.getOrDefault(sessionId, StripeJson.obj());
        ObjectNode metadata = StripeJson.obj();
        FormParams.applyMetadata(metadata, subscriptionData, "metadata");
        String subscriptionId = StripeIds.next("sub");
        String paymentMethod = StripeIds.next("pm");
        ObjectNode subscription = StripeObjects.subscription(subscriptionId, now, customer.get("id").asText(),
                session.get("currency").asText(), paymentMethod, metadata, FormParams.string(subscriptionData, "description"));
        ObjectNode itemList = (ObjectNode) subscription.get("items");
        ArrayNode data = (ArrayNode) itemList.get("data");
        for (ObjectNode item : sessionItems.get(sessionId)) {
            ObjectNode price = ensurePrice(item.get("price").get("id").asText());
            data.add(StripeObjects.subscriptionItem(subscriptionId, now, price, item.get("quantity").asLong(), now, now + PERIOD_SECONDS));
        }
        itemList.put("total_count", data.size());
        subscriptions.put(subscriptionId, subscription);
        ObjectNode invoice = newInvoice(customer, subscription, "subscription_create", now, now, now, true);
        ObjectNode charge = newCharge(customer, subscription, invoice, paymentMethod, "Subscription creation", now);
        subscription.put("latest_invoice", invoice.get("id").asText());
        session.put("status", "complete");
        session.put("payment_status", "paid");
        session.put("customer", customer.get("id").asText());
        session.set("customer_details", StripeObjects.customerDetails(customer));
        session.put("subscription", subscriptionId);
        session.put("invoice", invoice.get("id").asText());
        session.putNull("url");
        if (newCustomer) {
            emit("customer.created", customer, null, Origin.AUTOMATIC);
        }
        emit("customer.subscription.created", subscription, null, Origin.AUTOMATIC);
        emit("invoice.paid", invoice, null, Origin.AUTOMATIC);
        emit("checkout.session.completed", session, null, Origin.AUTOMATIC);
        return StripeJson.obj().put("sessionId", sessionId).put("subscriptionId", subscriptionId)
                .put("customerId", customer.get("id").asText()).put("invoiceId", invoice.get("id").asText())
                .put("chargeId", charge.get("id").asText());
    }

    /** The session expires unpaid (Stripe: after 24 hours, or {@code POST /v1/checkout/sessions/{id}/expire}). */
    synchronized ObjectNode expireCheckout(String sessionId, Origin origin) {
        ObjectNode session = require("checkout.session", sessionId, "session");
        if (!"open".equals(session.get("status").asText())) {
            throw StripeApiError.invalid("Only Checkout Sessions with a status in [\"open\"] can be expired.", null);
        }
        session.put("status", "expired");
        session.putNull("url");
        emit("checkout.session.expired", session, null, origin);
        return session.deepCopy();
    }

    // ---- subscriptions

    synchronized ObjectNode listSubscriptions(JsonNode params) {
        String customer = FormParams.string(params, "customer");
        String status = FormParams.string(params, "status");
        String price = FormParams.string(params, "price");
        return page(filter(subscriptions, s -> (customer == null || customer.equals(s.get("customer").asText()))
                && statusMatches(s.get("status").asText(), status)
                && (price == null || s.get("items").get("data").findParents("price").stream()
                        .anyMatch(item -> price.equals(item.get("price").path("id").asText())))),
                params, "/v1/subscriptions");
    }

    /** Without a status filter, Stripe lists the subscriptions that are not canceled. */
    private static boolean statusMatches(String status, String wanted) {
        if (wanted == null) {
            return !"canceled".equals(status);
        }
        return switch (wanted) {
            case "all" -> true;
            case "ended" -> "canceled".equals(status) || "incomplete_expired".equals(status);
            default -> wanted.equals(status);
        };
    }

    synchronized ObjectNode updateSubscription(String id, JsonNode params, Origin origin) {
        ObjectNode subscription = require("subscription", id, "id");
        ObjectNode before = subscription.deepCopy();
        boolean canceled = "canceled".equals(subscription.get("status").asText());
        if (canceled) {
            for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("metadata", "cancellation_details", "expand").contains(name)) {
                    throw StripeApiError.invalid("A canceled subscription can only update its cancellation_details and metadata.", name);
                }
            }
        }
        Boolean atPeriodEnd = FormParams.bool(params, "cancel_at_period_end");
        if (params.has("cancel_at") && atPeriodEnd != null) {
            throw StripeApiError.invalid("You may only specify one of these parameters: cancel_at, cancel_at_period_end.", "cancel_at");
        }
        ObjectNode cancellation = (ObjectNode) subscription.get("cancellation_details");
        if (atPeriodEnd != null) {
            subscription.put("cancel_at_period_end", atPeriodEnd);
            if (atPeriodEnd) {
                subscription.put("cancel_at", periodEnd(subscription));
            } else {
                subscription.putNull("cancel_at");
            }
        }
        if (params.has("cancel_at")) {
            String at = FormParams.string(params, "cancel_at");
            subscription.put("cancel_at_period_end", false);
            if (at == null || at.isEmpty()) {
                subscription.putNull("cancel_at");
            } else if ("min_period_end".equals(at) || "max_period_end".equals(at)) {
                subscription.put("cancel_at", periodEnd(subscription));
            } else {
                subscription.put("cancel_at", FormParams.integer(params, "cancel_at"));
            }
        }
        if (atPeriodEnd != null || params.has("cancel_at")) {
            // Scheduling a cancellation is a cancellation request; withdrawing it clears the details, as Stripe does.
            boolean scheduled = !subscription.get("cancel_at").isNull();
            if (scheduled) {
                subscription.put("canceled_at", now());
                cancellation.put("reason", "cancellation_requested");
            } else {
                subscription.putNull("canceled_at");
                cancellation.putNull("reason");
                cancellation.putNull("comment");
                cancellation.putNull("feedback");
            }
        }
        applyCancellationDetails(cancellation, params);
        if (params.has("description")) {
            String description = FormParams.string(params, "description");
            subscription.put("description", description == null || description.isEmpty() ? null : description);
        }
        FormParams.applyMetadata((ObjectNode) subscription.get("metadata"), params, "metadata");
        ObjectNode previous = diff(before, subscription);
        if (previous != null) {
            emit("customer.subscription.updated", subscription, previous, origin);
        }
        return subscription.deepCopy();
    }

    private static void applyCancellationDetails(ObjectNode cancellation, JsonNode params) {
        JsonNode details = params.get("cancellation_details");
        if (details == null || !details.isObject()) {
            return;
        }
        String feedback = FormParams.string(details, "feedback");
        if (feedback != null && !feedback.isEmpty() && !Set.of("customer_service", "low_quality", "missing_features", "other",
                "switched_service", "too_complex", "too_expensive", "unused").contains(feedback)) {
            throw StripeApiError.invalid("Invalid cancellation_details[feedback]: " + feedback, "cancellation_details[feedback]");
        }
        if (details.has("feedback")) {
            cancellation.put("feedback", feedback == null || feedback.isEmpty() ? null : feedback);
        }
        if (details.has("comment")) {
            String comment = FormParams.string(details, "comment");
            cancellation.put("comment", comment == null || comment.isEmpty() ? null : comment);
        }
    }

    /** Cancels now (the API's DELETE, or the control API's cancel). */
    synchronized ObjectNode cancelSubscription(String id, JsonNode params, Origin origin) {
        ObjectNode subscription = require("subscription", id, "id");
        if ("canceled".equals(subscription.get("status").asText())) {
            throw StripeApiError.invalid("This subscription has already been canceled.", null);
        }
        long now = now();
        subscription.put("status", "canceled");
        subscription.put("canceled_at", now);
        subscription.put("ended_at", now);
        ObjectNode cancellation = (ObjectNode) subscription.get("cancellation_details");
        cancellation.put("reason", "cancellation_requested");
        applyCancellationDetails(cancellation, params);
        emit("customer.subscription.deleted", subscription, null, origin);
        return subscription.deepCopy();
    }

    /**
     * The period ends. A subscription set to cancel at period end ends; one past due or unpaid
     * pays its open invoice on this retry (its period already moved on when that invoice failed);
     * an active one moves to the next period, paid.
     */
    synchronized ObjectNode renew(String id) {
        ObjectNode subscription = require("subscription", id, "id");
        String status = subscription.get("status").asText();
        if ("canceled".equals(status)) {
            throw new IllegalStateException("subscription " + id + " is canceled");
        }
        ObjectNode before = subscription.deepCopy();
        ObjectNode customer = customers.get(subscription.get("customer").asText());
        long now = now();
        ObjectNode result = StripeJson.obj().put("subscriptionId", id);
        ObjectNode open = openLatestInvoice(subscription);
        if (open != null) {
            payInvoice(open, now);
            ObjectNode charge = newCharge(customer, subscription, open, subscription.get("default_payment_method").asText(),
                    "Subscription update", now);
            subscription.put("status", "active");
            emit("invoice.paid", open, null, Origin.AUTOMATIC);
            emitIfChanged(before, subscription);
            return result.put("status", "active").put("invoiceId", open.get("id").asText()).put("chargeId", charge.get("id").asText())
                    .put("currentPeriodEnd", periodEnd(subscription));
        }
        JsonNode cancelAt = subscription.get("cancel_at");
        if (!cancelAt.isNull() && cancelAt.asLong() <= periodEnd(subscription)) {
            subscription.put("status", "canceled");
            subscription.put("ended_at", cancelAt.asLong());
            emit("customer.subscription.deleted", subscription, null, Origin.AUTOMATIC);
            return result.put("status", "canceled").putNull("invoiceId").putNull("chargeId");
        }
        long[] previousPeriod = advancePeriod(subscription);
        ObjectNode invoice = newInvoice(customer, subscription, "subscription_cycle", now, previousPeriod[0], previousPeriod[1], true);
        ObjectNode charge = newCharge(customer, subscription, invoice, subscription.get("default_payment_method").asText(),
                "Subscription update", now);
        subscription.put("latest_invoice", invoice.get("id").asText());
        subscription.put("status", "active");
        emit("invoice.paid", invoice, null, Origin.AUTOMATIC);
        emitIfChanged(before, subscription);
        return result.put("status", "active").put("invoiceId", invoice.get("id").asText()).put("chargeId", charge.get("id").asText())
                .put("currentPeriodEnd", periodEnd(subscription));
    }

    /**
     * The renewal's payment fails: the period moves on with an open invoice and the subscription
     * is past due. On a subscription already past due, the open invoice's next attempt fails;
     * {@code exhausted} ends the retries and leaves the subscription unpaid.
     */
    synchronized ObjectNode failPayment(String id, boolean exhausted) {
        ObjectNode subscription = require("subscription", id, "id");
        if ("canceled".equals(subscription.get("status").asText())) {
            throw new IllegalStateException("subscription " + id + " is canceled");
        }
        ObjectNode before = subscription.deepCopy();
        long now = now();
        ObjectNode invoice = openLatestInvoice(subscription);
        if (invoice == null) {
            long[] previousPeriod = advancePeriod(subscription);
            invoice = newInvoice(customers.get(subscription.get("customer").asText()), subscription, "subscription_cycle", now,
                    previousPeriod[0], previousPeriod[1], false);
            subscription.put("latest_invoice", invoice.get("id").asText());
        } else {
            invoice.put("attempt_count", invoice.get("attempt_count").asLong() + 1);
            invoice.put("next_payment_attempt", now + 3 * 24 * 3600);
        }
        subscription.put("status", exhausted ? "unpaid" : "past_due");
        if (exhausted) {
            invoice.putNull("next_payment_attempt");
        }
        emit("invoice.payment_failed", invoice, null, Origin.AUTOMATIC);
        emitIfChanged(before, subscription);
        return StripeJson.obj().put("subscriptionId", id).put("status", subscription.get("status").asText())
                .put("invoiceId", invoice.get("id").asText()).put("attemptCount", invoice.get("attempt_count").asLong());
    }

    /** The subscription's latest successful charge is refunded in full. */
    synchronized ObjectNode refundLatest(String id) {
        require("subscription", id, "id");
        List<String> chargeIds = subscriptionCharges.getOrDefault(id, List.of());
        ObjectNode charge = null;
        for (int i = chargeIds.size() - 1; i >= 0 && charge == null; i--) {
            ObjectNode candidate = charges.get(chargeIds.get(i));
            if (!candidate.get("refunded").asBoolean()) {
                charge = candidate;
            }
        }
        if (charge == null) {
            throw new IllegalStateException("subscription " + id + " has no charge left to refund");
        }
        long amount = charge.get("amount").asLong() - charge.get("amount_refunded").asLong();
        ObjectNode refund = refund(charge, amount, "requested_by_customer", StripeJson.obj(), Origin.AUTOMATIC);
        return StripeJson.obj().put("subscriptionId", id).put("chargeId", charge.get("id").asText())
                .put("refundId", refund.get("id").asText()).put("amount", amount);
    }

    private void emitIfChanged(ObjectNode before, ObjectNode subscription) {
        ObjectNode previous = diff(before, subscription);
        if (previous != null) {
            emit("customer.subscription.updated", subscription, previous, Origin.AUTOMATIC);
        }
    }

    private ObjectNode openLatestInvoice(ObjectNode subscription) {
        JsonNode latest = subscription.get("latest_invoice");
        ObjectNode invoice = latest.isNull() ? null : invoices.get(latest.asText());
        return invoice != null && "open".equals(invoice.get("status").asText()) ? invoice : null;
    }

    /** Moves every item one period on (the previous end is the new start); returns the previous period. */
    private static long[] advancePeriod(ObjectNode subscription) {
        long[] previous = null;
        for (JsonNode node : subscription.get("items").get("data")) {
            ObjectNode item = (ObjectNode) node;
            long start = item.get("current_period_start").asLong();
            long end = item.get("current_period_end").asLong();
            previous = previous == null ? new long[] {start, end} : previous;
            item.put("current_period_start", end);
            item.put("current_period_end", end + PERIOD_SECONDS);
        }
        return previous;
    }

    private static long periodEnd(ObjectNode subscription) {
        long end = 0;
        for (JsonNode item : subscription.get("items").get("data")) {
            end = Math.max(end, item.get("current_period_end").asLong());
        }
        return end;
    }

    private ObjectNode newInvoice(ObjectNode customer, ObjectNode subscription, String reason, long now, long periodStart, long periodEnd,
            boolean paid) {
        long sequence = customer.get("next_invoice_sequence").asLong();
        customer.put("next_invoice_sequence", sequence + 1);
        String number = customer.get("invoice_prefix").asText() + "-" + String.format(Locale.ROOT, "%04d", sequence);
        ObjectNode invoice = StripeObjects.invoice(StripeIds.next("in"), now, baseUrl, customer, subscription, reason,
                periodStart, periodEnd, number, paid, this::productNameOf);
        invoices.put(invoice.get("id").asText(), invoice);
        return invoice;
    }

    private static void payInvoice(ObjectNode invoice, long now) {
        invoice.put("status", "paid");
        invoice.put("amount_paid", invoice.get("amount_due").asLong());
        invoice.put("amount_remaining", 0);
        invoice.put("attempt_count", invoice.get("attempt_count").asLong() + 1);
        invoice.put("auto_advance", false);
        invoice.putNull("next_payment_attempt");
        ((ObjectNode) invoice.get("status_transitions")).put("paid_at", now);
    }

    private ObjectNode newCharge(ObjectNode customer, ObjectNode subscription, ObjectNode invoice, String paymentMethod, String description,
            long now) {
        ObjectNode charge = StripeObjects.charge(StripeIds.next("ch"), now, baseUrl, customer, invoice.get("amount_paid").asLong(),
                invoice.get("currency").asText(), StripeIds.next("pi"), paymentMethod, description);
        charges.put(charge.get("id").asText(), charge);
        subscriptionCharges.computeIfAbsent(subscription.get("id").asText(), k -> new ArrayList<>()).add(charge.get("id").asText());
        return charge;
    }

    // ---- invoices, charges, refunds

    synchronized ObjectNode listInvoices(JsonNode params) {
        String customer = FormParams.string(params, "customer");
        String subscription = FormParams.string(params, "subscription");
        String status = FormParams.string(params, "status");
        return page(filter(invoices, i -> (customer == null || customer.equals(i.get("customer").asText()))
                && (subscription == null || subscription.equals(i.path("parent").path("subscription_details").path("subscription").asText(null)))
                && (status == null || status.equals(i.get("status").asText()))), params, "/v1/invoices");
    }

    synchronized ObjectNode listCharges(JsonNode params) {
        String customer = FormParams.string(params, "customer");
        String paymentIntent = FormParams.string(params, "payment_intent");
        return page(filter(charges, c -> (customer == null || customer.equals(c.get("customer").asText()))
                && (paymentIntent == null || paymentIntent.equals(c.get("payment_intent").asText()))), params, "/v1/charges");
    }

    synchronized ObjectNode createRefund(JsonNode params, Origin origin) {
        String chargeId = FormParams.string(params, "charge");
        String paymentIntent = FormParams.string(params, "payment_intent");
        ObjectNode charge;
        if (chargeId != null) {
            charge = require("charge", chargeId, "charge");
        } else if (paymentIntent != null) {
            charge = charges.values().stream().filter(c -> paymentIntent.equals(c.get("payment_intent").asText())).findFirst()
                    .orElseThrow(() -> StripeApiError.missing("payment_intent", paymentIntent, "payment_intent"));
        } else {
            throw StripeApiError.invalid("parameter_missing",
                    "One of the following params should be provided for this request: payment_intent or charge.", null);
        }
        long remaining = charge.get("amount").asLong() - charge.get("amount_refunded").asLong();
        if (remaining <= 0) {
            throw StripeApiError.invalid("charge_already_refunded", "Charge " + charge.get("id").asText() + " has already been refunded.", null);
        }
        Long amount = FormParams.integer(params, "amount");
        if (amount != null && amount > remaining) {
            throw StripeApiError.invalid("amount_too_large", "Refund amount (" + StripeObjects.money(amount, charge.get("currency").asText())
                    + ") is greater than unrefunded amount on charge (" + StripeObjects.money(remaining, charge.get("currency").asText()) + ")",
                    "amount");
        }
        if (amount != null && amount < 1) {
            throw StripeApiError.invalid("This value must be greater than or equal to 1.", "amount");
        }
        String reason = FormParams.string(params, "reason");
        if (reason != null && !Set.of("duplicate", "fraudulent", "requested_by_customer").contains(reason)) {
            throw StripeApiError.invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
        }
        ObjectNode metadata = StripeJson.obj();
        FormParams.applyMetadata(metadata, params, "metadata");
        return refund(charge, amount == null ? remaining : amount, reason, metadata, origin).deepCopy();
    }

    private ObjectNode refund(ObjectNode charge, long amount, String reason, ObjectNode metadata, Origin origin) {
        ObjectNode before = charge.deepCopy();
        long refunded = charge.get("amount_refunded").asLong() + amount;
        charge.put("amount_refunded", refunded);
        charge.put("refunded", refunded >= charge.get("amount").asLong());
        ObjectNode refund = StripeObjects.refund(StripeIds.next("re"), now(), charge, amount, reason, metadata);
        refunds.put(refund.get("id").asText(), refund);
        emit("charge.refunded", charge, diff(before, charge), origin);
        return refund;
    }

    // ---- customer portal

    synchronized ObjectNode createPortalSession(JsonNode params, Origin origin) {
        String customer = FormParams.required(params, "customer");
        require("customer", customer, "customer");
        ObjectNode session = StripeObjects.portalSession(StripeIds.next("bps"), now(), baseUrl, customer,
                FormParams.string(params, "return_url"), FormParams.string(params, "locale"));
        portalSessions.put(session.get("id").asText(), session);
        emit("billing_portal.session.created", session, null, origin);
        return session.deepCopy();
    }

    /** The customer's subscriptions as the portal shows them (not canceled), for the simulator's portal page. */
    synchronized List<ObjectNode> subscriptionsOf(String customer) {
        return filter(subscriptions, s -> customer.equals(s.get("customer").asText()) && !"canceled".equals(s.get("status").asText()));
    }

    // ---- events

    synchronized Optional<StripeEvent> event(String id) {
        return Optional.ofNullable(events.get(id));
    }

    synchronized List<StripeEvent> events() {
        return List.copyOf(events.values());
    }

    synchronized ObjectNode listEvents(JsonNode params) {
        String type = FormParams.string(params, "type");
        Set<String> types = new LinkedHashSet<>();
        if (params.get("types") instanceof ArrayNode list) {
            list.forEach(t -> types.add(t.asText()));
        }
        Predicate<String> typeMatches = t -> (type == null || matches(type, t)) && (types.isEmpty() || types.stream().anyMatch(w -> matches(w, t)));
        List<ObjectNode> newestFirst = new ArrayList<>();
        for (StripeEvent event : events.values()) {
            if (typeMatches.test(event.type())) {
                newestFirst.addFirst(event.json());
            }
        }
        return page(newestFirst, params, "/v1/events");
    }

    private static boolean matches(String pattern, String type) {
        return pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
    }

    private void emit(String type, ObjectNode object, ObjectNode previousAttributes, Origin origin) {
        ObjectNode event = StripeJson.obj().put("id", StripeIds.next("evt")).put("object", "event");
        event.put("api_version", StripeSimulator.API_VERSION);
        event.put("created", now());
        ObjectNode data = event.putObject("data");
        data.set("object", object.deepCopy());
        if (previousAttributes != null) {
            data.set("previous_attributes", previousAttributes);
        }
        event.put("livemode", false);
        boolean subscribed = dispatcher.wants(type);
        event.put("pending_webhooks", subscribed ? 1 : 0);
        ObjectNode request = event.putObject("request");
        request.put("id", origin.requestId());
        request.put("idempotency_key", origin.idempotencyKey());
        event.put("type", type);
        StripeEvent made = new StripeEvent(event, subscribed);
        events.put(made.id(), made);
        if (subscribed) {
            dispatcher.enqueue(made);
        }
    }

    // ---- helpers

    private static List<ObjectNode> filter(Map<String, ObjectNode> store, Predicate<ObjectNode> keep) {
        List<ObjectNode> newestFirst = new ArrayList<>();
        for (ObjectNode object : store.values()) {
            if (keep.test(object)) {
                newestFirst.addFirst(object.deepCopy());
            }
        }
        return newestFirst;
    }

    /** One page of a list, newest first, with Stripe's {@code limit}, {@code starting_after} and {@code ending_before}. */
    private static ObjectNode page(List<ObjectNode> newestFirst, JsonNode params, String url) {
        Long limitParam = FormParams.integer(params, "limit");
        int limit = limitParam == null ? 10 : limitParam.intValue();
        if (limit < 1 || limit > 100) {
            throw StripeApiError.invalid("This value must be between 1 and 100 (it currently is " + limit + ").", "limit");
        }
        String after = FormParams.string(params, "starting_after");
        String before = FormParams.string(params, "ending_before");
        int from = 0;
        int to = newestFirst.size();
        if (after != null) {
            from = indexOf(newestFirst, after, "starting_after") + 1;
        } else if (before != null) {
            to = indexOf(newestFirst, before, "ending_before");
            from = Math.max(0, to - limit);
        }
        List<ObjectNode> page = newestFirst.subList(from, Math.min(to, from + limit));
        boolean hasMore = before != null ? from > 0 : from + limit < to;
        return StripeJson.list(url, page, hasMore);
    }

    private static int indexOf(List<ObjectNode> objects, String id, String param) {
        for (int i = 0; i < objects.size(); i++) {
            if (id.equals(objects.get(i).path("id").asText())) {
                return i;
            }
        }
        throw StripeApiError.invalid("resource_missing", "No such object: '" + id + "'", param);
    }

    /**
     * Stripe's {@code previous_attributes}: the changed fields with their old values, nested
     * objects reduced to their changed fields, arrays whole; null when nothing changed.
     */
    static ObjectNode diff(ObjectNode before, ObjectNode after) {
        ObjectNode previous = StripeJson.obj();
        Set<String> keys = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode old = before.has(key) ? before.get(key) : NullNode.getInstance();
            JsonNode now = after.has(key) ? after.get(key) : NullNode.getInstance();
            if (old.equals(now)) {
                continue;
            }
            if (old.isObject() && now.isObject()) {
                ObjectNode nested = diff((ObjectNode) old, (ObjectNode) now);
                previous.set(key, nested == null ? old.deepCopy() : nested);
            } else {
                previous.set(key, old.deepCopy());
            }
        }
        return previous.isEmpty() ? null : previous;
    }
}
