package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Stripe's objects in the shapes of the API version the simulator speaks ({@link StripeSimulator#API_VERSION}).
 * Since 2025-03-31 (basil): billing periods live on subscription items, an invoice names its
 * subscription under {@code parent.subscription_details}, and charges no longer name an invoice.
 * Fields the simulator has no notion of are present with Stripe's defaults, so clients that read
 * them find what a test-mode account would give them.
 */
final class StripeObjects {

    private StripeObjects() {
    }

    static ObjectNode customer(String id, long now, String email, String name, String description) {
        ObjectNode c = StripeJson.obj().put("id", id).put("object", "customer");
        c.putNull("address");
        c.put("balance", 0);
        c.putNull("business_name");
        c.put("created", now);
        c.putNull("currency");
        c.putNull("customer_account");
        c.putNull("default_source");
        c.put("delinquent", false);
        c.put("description", description);
        c.putNull("discount");
        c.put("email", email);
        c.putNull("individual_name");
        c.put("invoice_prefix", StripeIds.invoicePrefix());
        ObjectNode settings = c.putObject("invoice_settings");
        settings.putNull("custom_fields");
        settings.putNull("default_payment_method");
        settings.putNull("footer");
        settings.putNull("rendering_options");
        c.put("livemode", false);
        c.putObject("metadata");
        c.put("name", name);
        c.put("next_invoice_sequence", 1);
        c.putNull("phone");
        c.putArray("preferred_locales");
        c.putNull("shipping");
        c.put("tax_exempt", "none");
        c.putNull("test_clock");
        return c;
    }

    static ObjectNode product(String id, long now, String name, String defaultPrice) {
        ObjectNode p = StripeJson.obj().put("id", id).put("object", "product");
        p.put("active", true);
        p.put("created", now);
        p.put("default_price", defaultPrice);
        p.putNull("description");
        p.putArray("images");
        p.put("livemode", false);
        p.putArray("marketing_features");
        p.putObject("metadata");
        p.put("name", name);
        p.putNull("package_dimensions");
        p.putNull("shippable");
        p.putNull("statement_descriptor");
        p.putNull("tax_code");
        p.put("type", "service");
        p.putNull("unit_label");
        p.put("updated", now);
        p.putNull("url");
        return p;
    }

    /** A monthly (or other interval) licensed price; its lookup key is its id, so billing can name prices either way. */
    static ObjectNode price(String id, long now, String product, long unitAmount, String currency, String interval) {
        ObjectNode p = StripeJson.obj().put("id", id).put("object", "price");
        p.put("active", true);
        p.put("billing_scheme", "per_unit");
        p.put("created", now);
        p.put("currency", currency);
        p.putNull("custom_unit_amount");
        p.put("livemode", false);
        p.put("lookup_key", id);
        p.putObject("metadata");
        p.putNull("nickname");
        p.put("product", product);
        ObjectNode recurring = p.putObject("recurring");
        recurring.put("interval", interval);
        recurring.put("interval_count", 1);
        recurring.putNull("meter");
        recurring.putNull("trial_period_days");
        recurring.put("usage_type", "licensed");
        p.put("tax_behavior", "unspecified");
        p.putNull("tiers_mode");
        p.putNull("transform_quantity");
        p.put("type", "recurring");
        p.put("unit_amount", unitAmount);
        p.put("unit_amount_decimal", Long.toString(unitAmount));
        return p;
    }

    /** The legacy plan view of a price that subscription items still carry. */
    static ObjectNode plan(ObjectNode price) {
        ObjectNode p = StripeJson.obj().put("id", price.get("id").asText()).put("object", "plan");
        p.put("active", true);
        p.put("amount", price.get("unit_amount").asLong());
        p.put("amount_decimal", price.get("unit_amount_decimal").asText());
        p.put("billing_scheme", "per_unit");
        p.put("created", price.get("created").asLong());
        p.put("currency", price.get("currency").asText());
        p.put("interval", price.path("recurring").path("interval").asText());
        p.put("interval_count", 1);
        p.put("livemode", false);
        p.putObject("metadata");
        p.putNull("meter");
        p.putNull("nickname");
        p.put("product", price.get("product").asText());
        p.putNull("tiers_mode");
        p.putNull("transform_usage");
        p.putNull("trial_period_days");
        p.put("usage_type", "licensed");
        return p;
    }

    /** A Checkout line item ({@code object: "item"}), as {@code line_items} lists them. */
    static ObjectNode checkoutItem(ObjectNode price, String productName, long quantity) {
        long amount = price.get("unit_amount").asLong() * quantity;
        ObjectNode i = StripeJson.obj().put("id", StripeIds.next("li")).put("object", "item");
        i.put("amount_discount", 0);
        i.put("amount_subtotal", amount);
        i.put("amount_tax", 0);
        i.put("amount_total", amount);
        i.put("currency", price.get("currency").asText());
        i.put("description", productName);
        i.putObject("metadata");
        i.set("price", price.deepCopy());
        i.put("quantity", quantity);
        return i;
    }

    static ObjectNode checkoutSession(String id, long now, String baseUrl, String mode, String customer, String customerEmail,
            String clientReferenceId, String successUrl, String cancelUrl, ObjectNode metadata, long amount, String currency) {
        ObjectNode s = StripeJson.obj().put("id", id).put("object", "checkout.session");
        s.putNull("adaptive_pricing");
        s.putNull("after_expiration");
        s.putNull("allow_promotion_codes");
        s.put("amount_subtotal", amount);
        s.put("amount_total", amount);
        ObjectNode tax = s.putObject("automatic_tax");
        tax.put("enabled", false);
        tax.putNull("liability");
        tax.putNull("provider");
        tax.putNull("status");
        s.putNull("billing_address_collection");
        s.put("cancel_url", cancelUrl);
        s.put("client_reference_id", clientReferenceId);
        s.putNull("client_secret");
        s.putNull("collected_information");
        s.putNull("consent");
        s.putNull("consent_collection");
        s.put("created", now);
        s.put("currency", currency);
        s.putNull("currency_conversion");
        s.putArray("custom_fields");
        ObjectNode text = s.putObject("custom_text");
        text.putNull("after_submit");
        text.putNull("shipping_address");
        text.putNull("submit");
        text.putNull("terms_of_service_acceptance");
        s.put("customer", customer);
        s.putNull("customer_account");
        s.putNull("customer_creation");
        s.putNull("customer_details");
        s.put("customer_email", customerEmail);
        s.putArray("discounts");
        s.put("expires_at", now + 24 * 3600);
        s.putNull("invoice");
        s.putNull("invoice_creation");
        s.put("livemode", false);
        s.putNull("locale");
        s.set("metadata", metadata);
        s.put("mode", mode);
        s.putNull("origin_context");
        s.putNull("payment_intent");
        s.putNull("payment_link");
        s.put("payment_method_collection", "always");
        s.putNull("payment_method_configuration_details");
        s.putObject("payment_method_options").putObject("card").put("request_three_d_secure", "automatic");
        s.putArray("payment_method_types").add("card");
        s.put("payment_status", "unpaid");
        s.putNull("permissions");
        s.putObject("phone_number_collection").put("enabled", false);
        s.putNull("recovered_from");
        s.putNull("saved_payment_method_options");
        s.putNull("setup_intent");
        s.putNull("shipping_address_collection");
        s.putNull("shipping_cost");
        s.putArray("shipping_options");
        s.put("status", "open");
        s.putNull("submit_type");
        s.putNull("subscription");
        s.put("success_url", successUrl);
        ObjectNode totals = s.putObject("total_details");
        totals.put("amount_discount", 0);
        totals.put("amount_shipping", 0);
        totals.put("amount_tax", 0);
        s.put("ui_mode", "hosted");
        s.put("url", baseUrl + "/checkout/" + id);
        s.putNull("wallet_options");
        return s;
    }

    static ObjectNode customerDetails(ObjectNode customer) {
        ObjectNode d = StripeJson.obj();
        ObjectNode address = d.putObject("address");
        address.putNull("city");
        address.put("country", "US");
        address.putNull("line1");
        address.putNull("line2");
        address.put("postal_code", "94103");
        address.putNull("state");
        d.putNull("business_name");
        d.put("email", customer.path("email").isNull() ? null : customer.path("email").asText(null));
        d.putNull("individual_name");
        d.put("name", customer.path("name").isNull() ? null : customer.path("name").asText(null));
        d.putNull("phone");
        d.put("tax_exempt", "none");
        d.putArray("tax_ids");
        return d;
    }

    static ObjectNode subscription(String id, long now, String customer, String currency, String defaultPaymentMethod,
            ObjectNode metadata, String description) {
        ObjectNode s = StripeJson.obj().put("id", id).put("object", "subscription");
        s.putNull("application");
        s.putNull("application_fee_percent");
        ObjectNode tax = s.putObject("automatic_tax");
        tax.putNull("disabled_reason");
        tax.put("enabled", false);
        tax.putNull("liability");
        s.put("billing_cycle_anchor", now);
        s.putNull("billing_cycle_anchor_config");
        ObjectNode mode = s.putObject("billing_mode");
        mode.putObject("flexible").put("proration_discounts", "included");
        mode.put("type", "flexible");
        mode.put("updated_at", now);
        s.putNull("billing_thresholds");
        s.putNull("cancel_at");
        s.put("cancel_at_period_end", false);
        s.putNull("canceled_at");
        ObjectNode cancellation = s.putObject("cancellation_details");
        cancellation.putNull("comment");
        cancellation.putNull("feedback");
        cancellation.putNull("reason");
        s.put("collection_method", "charge_automatically");
        s.put("created", now);
        s.put("currency", currency);
        s.put("customer", customer);
        s.putNull("customer_account");
        s.putNull("days_until_due");
        s.put("default_payment_method", defaultPaymentMethod);
        s.putNull("default_source");
        s.putArray("default_tax_rates");
        s.put("description", description);
        s.putArray("discounts");
        s.putNull("ended_at");
        ObjectNode invoiceSettings = s.putObject("invoice_settings");
        invoiceSettings.putNull("account_tax_ids");
        invoiceSettings.putObject("issuer").put("type", "self");
        s.set("items", StripeJson.list("/v1/subscription_items?subscription=" + id, List.of(), false));
        ((ObjectNode) s.get("items")).put("total_count", 0);
        s.putNull("latest_invoice");
        s.put("livemode", false);
        s.set("metadata", metadata);
        s.putNull("next_pending_invoice_item_invoice");
        s.putNull("on_behalf_of");
        s.putNull("pause_collection");
        ObjectNode payment = s.putObject("payment_settings");
        payment.putNull("payment_method_options");
        payment.putNull("payment_method_types");
        payment.put("save_default_payment_method", "off");
        s.putNull("pending_invoice_item_interval");
        s.putNull("pending_setup_intent");
        s.putNull("pending_update");
        s.putNull("schedule");
        s.put("start_date", now);
        s.put("status", "active");
        s.putNull("test_clock");
        s.putNull("transfer_data");
        s.putNull("trial_end");
        s.putObject("trial_settings").putObject("end_behavior").put("missing_payment_method", "create_invoice");
        s.putNull("trial_start");
        return s;
    }

    static ObjectNode subscriptionItem(String subscription, long now, ObjectNode price, long quantity, long periodStart, long periodEnd) {
        ObjectNode i = StripeJson.obj().put("id", StripeIds.next("si")).put("object", "subscription_item");
        i.putNull("billing_thresholds");
        i.put("created", now);
        i.put("current_period_end", periodEnd);
        i.put("current_period_start", periodStart);
        i.putArray("discounts");
        i.putObject("metadata");
        i.set("plan", plan(price));
        i.set("price", price.deepCopy());
        i.put("quantity", quantity);
        i.put("subscription", subscription);
        i.putArray("tax_rates");
        return i;
    }

    /** An invoice of a subscription; {@code paid} false leaves it open after a failed attempt. */
    static ObjectNode invoice(String id, long now, String baseUrl, ObjectNode customer, ObjectNode subscription, String billingReason,
            long periodStart, long periodEnd, String number, boolean paid, java.util.function.Function<String, String> productNames) {
        String currency = subscription.get("currency").asText();
        ArrayNode lines = StripeJson.arr();
        long total = 0;
        for (var item : subscription.get("items").get("data")) {
            ObjectNode line = invoiceLine(id, subscription.get("id").asText(), (ObjectNode) item, productNames);
            total += line.get("amount").asLong();
            lines.add(line);
        }
        ObjectNode in = StripeJson.obj().put("id", id).put("object", "invoice");
        in.put("account_country", "US");
        in.put("account_name", "Riff (Stripe simulator)");
        in.putNull("account_tax_ids");
        in.put("amount_due", total);
        in.put("amount_overpaid", 0);
        in.put("amount_paid", paid ? total : 0);
        in.put("amount_remaining", paid ? 0 : total);
        in.put("amount_shipping", 0);
        in.putNull("application");
        in.put("attempt_count", 1);
        in.put("attempted", true);
        in.put("auto_advance", !paid);
        ObjectNode tax = in.putObject("automatic_tax");
        tax.putNull("disabled_reason");
        tax.put("enabled", false);
        tax.putNull("liability");
        tax.putNull("provider");
        tax.putNull("status");
        in.putNull("automatically_finalizes_at");
        in.put("billing_reason", billingReason);
        in.put("collection_method", "charge_automatically");
        in.putNull("confirmation_secret");
        in.put("created", now);
        in.put("currency", currency);
        in.putNull("custom_fields");
        in.put("customer", customer.get("id").asText());
        in.putNull("customer_account");
        in.putNull("customer_address");
        in.set("customer_email", customer.get("email"));
        in.set("customer_name", customer.get("name"));
        in.putNull("customer_phone");
        in.putNull("customer_shipping");
        in.put("customer_tax_exempt", "none");
        in.putArray("customer_tax_ids");
        in.putNull("default_payment_method");
        in.putNull("default_source");
        in.putArray("default_tax_rates");
        in.putNull("description");
        in.putArray("discounts");
        in.putNull("due_date");
        in.put("effective_at", now);
        in.put("ending_balance", 0);
        in.putNull("footer");
        in.putNull("from_invoice");
        in.put("hosted_invoice_url", baseUrl + "/invoices/" + id);
        in.put("invoice_pdf", baseUrl + "/invoices/" + id + "/pdf");
        in.putObject("issuer").put("type", "self");
        in.putNull("last_finalization_error");
        in.putNull("latest_revision");
        ObjectNode lineList = StripeJson.list("/v1/invoices/" + id + "/lines", List.of(), false);
        lineList.set("data", lines);
        lineList.put("total_count", lines.size());
        in.set("lines", lineList);
        in.put("livemode", false);
        in.putObject("metadata");
        if (paid) {
            in.putNull("next_payment_attempt");
        } else {
            in.put("next_payment_attempt", now + 3 * 24 * 3600);
        }
        in.put("number", number);
        in.putNull("on_behalf_of");
        ObjectNode parent = in.putObject("parent");
        parent.putNull("quote_details");
        ObjectNode details = parent.putObject("subscription_details");
        details.set("metadata", subscription.get("metadata").deepCopy());
        details.put("subscription", subscription.get("id").asText());
        parent.put("type", "subscription_details");
        ObjectNode settings = in.putObject("payment_settings");
        settings.putNull("default_mandate");
        settings.putNull("payment_method_options");
        settings.putNull("payment_method_types");
        in.put("period_end", periodEnd);
        in.put("period_start", periodStart);
        in.put("post_payment_credit_notes_amount", 0);
        in.put("pre_payment_credit_notes_amount", 0);
        in.putNull("receipt_number");
        in.putNull("rendering");
        in.putNull("shipping_cost");
        in.putNull("shipping_details");
        in.put("starting_balance", 0);
        in.putNull("statement_descriptor");
        in.put("status", paid ? "paid" : "open");
        ObjectNode transitions = in.putObject("status_transitions");
        transitions.put("finalized_at", now);
        transitions.putNull("marked_uncollectible_at");
        if (paid) {
            transitions.put("paid_at", now);
        } else {
            transitions.putNull("paid_at");
        }
        transitions.putNull("voided_at");
        in.put("subtotal", total);
        in.put("subtotal_excluding_tax", total);
        in.putNull("test_clock");
        in.put("total", total);
        in.putArray("total_discount_amounts");
        in.put("total_excluding_tax", total);
        in.putArray("total_pretax_credit_amounts");
        in.putArray("total_taxes");
        in.put("webhooks_delivered_at", now);
        return in;
    }

    private static ObjectNode invoiceLine(String invoice, String subscription, ObjectNode item,
            java.util.function.Function<String, String> productNames) {
        ObjectNode price = (ObjectNode) item.get("price");
        long quantity = item.get("quantity").asLong();
        long unit = price.get("unit_amount").asLong();
        ObjectNode l = StripeJson.obj().put("id", StripeIds.next("il")).put("object", "line_item");
        l.put("amount", unit * quantity);
        l.put("currency", price.get("currency").asText());
        l.put("description", quantity + " × " + productNames.apply(price.path("product").asText()) + " (at " + money(unit, price.get("currency").asText())
                + " / " + price.path("recurring").path("interval").asText() + ")");
        l.putArray("discount_amounts");
        l.put("discountable", true);
        l.putArray("discounts");
        l.put("invoice", invoice);
        l.put("livemode", false);
        l.putObject("metadata");
        ObjectNode parent = l.putObject("parent");
        parent.putNull("invoice_item_details");
        ObjectNode details = parent.putObject("subscription_item_details");
        details.putNull("invoice_item");
        details.put("proration", false);
        details.putObject("proration_details").putNull("credited_items");
        details.put("subscription", subscription);
        details.put("subscription_item", item.get("id").asText());
        parent.put("type", "subscription_item_details");
        ObjectNode period = l.putObject("period");
        period.put("end", item.get("current_period_end").asLong());
        period.put("start", item.get("current_period_start").asLong());
        l.putArray("pretax_credit_amounts");
        ObjectNode pricing = l.putObject("pricing");
        ObjectNode priceDetails = pricing.putObject("price_details");
        priceDetails.put("price", price.get("id").asText());
        priceDetails.put("product", price.get("product").asText());
        pricing.put("type", "price_details");
        pricing.put("unit_amount_decimal", Long.toString(unit));
        l.put("quantity", quantity);
        l.put("subtotal", unit * quantity);
        l.putArray("taxes");
        return l;
    }

    static ObjectNode charge(String id, long now, String baseUrl, ObjectNode customer, long amount, String currency,
            String paymentIntent, String paymentMethod, String description) {
        ObjectNode c = StripeJson.obj().put("id", id).put("object", "charge");
        c.put("amount", amount);
        c.put("amount_captured", amount);
        c.put("amount_refunded", 0);
        c.putNull("application");
        c.putNull("application_fee");
        c.putNull("application_fee_amount");
        c.put("balance_transaction", StripeIds.next("txn"));
        ObjectNode billing = c.putObject("billing_details");
        ObjectNode address = billing.putObject("address");
        for (String field : List.of("city", "line1", "line2", "state")) {
            address.putNull(field);
        }
        address.put("country", "US");
        address.put("postal_code", "94103");
        billing.set("email", customer.get("email"));
        billing.set("name", customer.get("name"));
        billing.putNull("phone");
        billing.putNull("tax_id");
        c.put("calculated_statement_descriptor", "RIFF");
        c.put("captured", true);
        c.put("created", now);
        c.put("currency", currency);
        c.put("customer", customer.get("id").asText());
        c.put("description", description);
        c.put("disputed", false);
        c.putNull("failure_balance_transaction");
        c.putNull("failure_code");
        c.putNull("failure_message");
        c.putObject("fraud_details");
        c.put("livemode", false);
        c.putObject("metadata");
        c.putNull("on_behalf_of");
        ObjectNode outcome = c.putObject("outcome");
        outcome.putNull("advice_code");
        outcome.putNull("network_advice_code");
        outcome.putNull("network_decline_code");
        outcome.put("network_status", "approved_by_network");
        outcome.putNull("reason");
        outcome.put("risk_level", "normal");
        outcome.put("risk_score", 17);
        outcome.put("seller_message", "Payment complete.");
        outcome.put("type", "authorized");
        c.put("paid", true);
        c.put("payment_intent", paymentIntent);
        c.put("payment_method", paymentMethod);
        ObjectNode details = c.putObject("payment_method_details");
        ObjectNode card = details.putObject("card");
        card.putNull("amount_authorized");
        card.put("brand", "visa");
        ObjectNode checks = card.putObject("checks");
        checks.putNull("address_line1_check");
        checks.put("address_postal_code_check", "pass");
        checks.put("cvc_check", "pass");
        card.put("country", "US");
        card.put("exp_month", 12);
        card.put("exp_year", java.time.Year.now().getValue() + 3);
        card.put("fingerprint", StripeIds.random(16));
        card.put("funding", "credit");
        card.put("last4", "4242");
        card.put("network", "visa");
        card.putNull("three_d_secure");
        card.putNull("wallet");
        details.put("type", "card");
        c.putObject("radar_options");
        c.set("receipt_email", customer.get("email"));
        c.putNull("receipt_number");
        c.put("receipt_url", baseUrl + "/receipts/" + id);
        c.put("refunded", false);
        c.putNull("review");
        c.putNull("shipping");
        c.putNull("source");
        c.putNull("source_transfer");
        c.putNull("statement_descriptor");
        c.putNull("statement_descriptor_suffix");
        c.put("status", "succeeded");
        c.putNull("transfer_data");
        c.putNull("transfer_group");
        return c;
    }

    static ObjectNode refund(String id, long now, ObjectNode charge, long amount, String reason, ObjectNode metadata) {
        ObjectNode r = StripeJson.obj().put("id", id).put("object", "refund");
        r.put("amount", amount);
        r.put("balance_transaction", StripeIds.next("txn"));
        r.put("charge", charge.get("id").asText());
        r.put("created", now);
        r.put("currency", charge.get("currency").asText());
        ObjectNode destination = r.putObject("destination_details");
        ObjectNode card = destination.putObject("card");
        card.put("reference_status", "pending");
        card.put("reference_type", "acquirer_reference_number");
        card.put("type", "refund");
        destination.put("type", "card");
        r.set("metadata", metadata);
        r.set("payment_intent", charge.get("payment_intent"));
        r.put("reason", reason);
        r.putNull("receipt_number");
        r.putNull("source_transfer_reversal");
        r.put("status", "succeeded");
        r.putNull("transfer_reversal");
        return r;
    }

    static ObjectNode portalSession(String id, long now, String baseUrl, String customer, String returnUrl, String locale) {
        ObjectNode p = StripeJson.obj().put("id", id).put("object", "billing_portal.session");
        p.put("configuration", "bpc_simulator_default_configuration");
        p.put("created", now);
        p.put("customer", customer);
        p.putNull("customer_account");
        p.putNull("flow");
        p.put("livemode", false);
        p.put("locale", locale);
        p.putNull("on_behalf_of");
        p.put("return_url", returnUrl);
        p.put("url", baseUrl + "/billing_portal/" + id);
        return p;
    }

    /** Minor units shown as Stripe's invoice lines show them: "$4.99", or "4.99 EUR" for other currencies. */
    static String money(long minor, String currency) {
        String amount = String.format(Locale.ROOT, "%d.%02d", minor / 100, minor % 100);
        return "usd".equals(currency) ? "$" + amount : amount + " " + currency.toUpperCase(Locale.ROOT);
    }
}
