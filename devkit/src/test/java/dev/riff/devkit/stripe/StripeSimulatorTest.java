package dev.riff.devkit.stripe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.Price;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.ChargeListParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator as Stripe's own Java client meets it: every API call goes through stripe-java, every webhook is verified by it. */
class StripeSimulatorTest {

    private static final String SECRET = "whsec_simulator_test_secret";
    private static final String API_KEY = "sk_test_riff_simulator_test";
    private static final String PRICE = "price_riff_premium";
    private static final long THIRTY_DAYS = 30L * 24 * 60 * 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StripeSimulator simulator;
    private Receiver receiver;
    private StripeClient stripe;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        // Retries one second apart: Stripe-Signature's timestamp has a resolution of one second.
        simulator = StripeSimulator.start(0, SECRET, new DeliveryPolicy(Collections.nCopies(5, Duration.ofSeconds(1)), Duration.ofSeconds(5)));
        JsonNode endpoint = control("POST", "/control/webhook-endpoint", "{\"url\":\"" + receiver.url() + "\"}");
        assertEquals(receiver.url(), endpoint.get("url").asText());
        stripe = client(API_KEY);
    }

    @AfterEach
    void stop() {
        simulator.close();
        receiver.close();
    }

    @Test
    void theApiVersionIsStripeJavas() {
        assertEquals(Stripe.API_VERSION, StripeSimulator.API_VERSION);
    }

    @Test
    void aSubscriptionLivesThroughCheckoutRenewalFailureRefundAndCancellation() throws Exception {
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder()
                .setEmail("ada@example.com").setName("Ada").putMetadata("user_id", "1").build());
        assertTrue(customer.getId().startsWith("cus_"), customer.getId());
        assertEquals("1", stripe.v1().customers().retrieve(customer.getId()).getMetadata().get("user_id"));

        Session session = stripe.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customer.getId())
                .setClientReferenceId("1")
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(PRICE).setQuantity(1L).build())
                .setSuccessUrl("http://127.0.0.1:1/billing/success?session={CHECKOUT_SESSION_ID}")
                .setCancelUrl("http://127.0.0.1:1/billing/cancel")
                .putMetadata("user_id", "1")
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putMetadata("user_id", "1").build())
                .build());
        assertTrue(session.getId().startsWith("cs_test_"), session.getId());
        assertEquals("open", session.getStatus());
        assertEquals("unpaid", session.getPaymentStatus());
        assertEquals("subscription", session.getMode());
        assertEquals(simulator.baseUrl() + "/checkout/" + session.getId(), session.getUrl());
        assertNull(session.getSubscription());
        assertEquals(customer.getId(), session.getCustomer());
        assertEquals("1", session.getClientReferenceId());
        assertEquals("1", session.getMetadata().get("user_id"));

        JsonNode[] completed = new JsonNode[1];
        List<Event> checkoutEvents = act(() -> completed[0] = control("POST", "/control/checkout/sessions/" + session.getId() + "/complete", ""),
                "customer.subscription.created", "invoice.paid", "checkout.session.completed");
        String subscriptionId = completed[0].get("subscriptionId").asText();
        assertTrue(subscriptionId.startsWith("sub_"), subscriptionId);
        assertEquals(customer.getId(), completed[0].get("customerId").asText());
        Subscription created = object(checkoutEvents.get(0), Subscription.class);
        assertEquals(subscriptionId, created.getId());
        Invoice firstInvoice = object(checkoutEvents.get(1), Invoice.class);
        assertEquals(completed[0].get("invoiceId").asText(), firstInvoice.getId());
        assertEquals("subscription_details", firstInvoice.getParent().getType());
        assertEquals(subscriptionId, firstInvoice.getParent().getSubscriptionDetails().getSubscription());
        assertEquals("paid", firstInvoice.getStatus());
        Session paid = object(checkoutEvents.get(2), Session.class);
        assertEquals("complete", paid.getStatus());
        assertEquals("paid", paid.getPaymentStatus());
        assertEquals(subscriptionId, paid.getSubscription());
        assertEquals("1", paid.getClientReferenceId());
        Receiver.Delivery delivery = receiver.deliveries.getLast();
        assertEquals("Stripe/1.0 (+https://stripe.com/docs/webhooks)", delivery.userAgent());
        assertEquals("application/json; charset=utf-8", delivery.contentType());
        assertTrue(delivery.signature().matches("t=\\d+,v1=[0-9a-f]{64}"), delivery.signature());
        assertThrows(SignatureVerificationException.class, () -> Webhook.constructEvent(delivery.payload(), delivery.signature(), "whsec_other", 300));

        Subscription subscription = stripe.v1().subscriptions().retrieve(subscriptionId);
        assertEquals("active", subscription.getStatus());
        assertEquals(customer.getId(), subscription.getCustomer());
        assertEquals("1", subscription.getMetadata().get("user_id"));
        assertEquals(completed[0].get("invoiceId").asText(), subscription.getLatestInvoice());
        SubscriptionItem item = subscription.getItems().getData().getFirst();
        assertTrue(item.getId().startsWith("si_"), item.getId());
        assertEquals(PRICE, item.getPrice().getId());
        assertEquals(PRICE, item.getPrice().getLookupKey());
        assertEquals(1L, item.getQuantity());
        long periodEnd = item.getCurrentPeriodEnd();
        assertEquals(THIRTY_DAYS, periodEnd - item.getCurrentPeriodStart());

        Session expanded = stripe.v1().checkout().sessions().retrieve(session.getId(),
                SessionRetrieveParams.builder().addExpand("subscription").addExpand("line_items").build());
        assertEquals("active", expanded.getSubscriptionObject().getStatus());
        assertEquals(PRICE, expanded.getLineItems().getData().getFirst().getPrice().getId());
        assertNull(expanded.getUrl(), "a completed session has no URL");

        Invoice invoice = stripe.v1().invoices().retrieve(completed[0].get("invoiceId").asText());
        assertEquals(subscriptionId, invoice.getParent().getSubscriptionDetails().getSubscription());
        assertEquals(invoice.getAmountDue(), invoice.getAmountPaid());
        Charge charge = stripe.v1().charges().retrieve(completed[0].get("chargeId").asText());
        assertFalse(charge.getRefunded());
        assertTrue(charge.getPaid());
        assertEquals(customer.getId(), charge.getCustomer());
        assertEquals(invoice.getAmountPaid(), charge.getAmount());
        Price price = stripe.v1().prices().retrieve(PRICE);
        assertEquals(price.getUnitAmount(), charge.getAmount());
        assertEquals("month", price.getRecurring().getInterval());

        List<Event> renewal = act(() -> control("POST", "/control/subscriptions/" + subscriptionId + "/renew", ""),
                "invoice.paid", "customer.subscription.updated");
        Subscription renewed = object(renewal.get(1), Subscription.class);
        assertEquals(periodEnd, renewed.getItems().getData().getFirst().getCurrentPeriodStart());
        assertEquals(periodEnd + THIRTY_DAYS, renewed.getItems().getData().getFirst().getCurrentPeriodEnd());
        assertNotNull(renewal.get(1).getData().getPreviousAttributes().get("items"), "the old period is among the previous attributes");
        assertEquals("subscription_cycle", object(renewal.get(0), Invoice.class).getBillingReason());

        List<Event> failure = act(() -> control("POST", "/control/subscriptions/" + subscriptionId + "/fail-payment", ""),
                "invoice.payment_failed", "customer.subscription.updated");
        Invoice open = object(failure.get(0), Invoice.class);
        assertEquals("open", open.getStatus());
        assertEquals(subscriptionId, open.getParent().getSubscriptionDetails().getSubscription());
        assertEquals("past_due", object(failure.get(1), Subscription.class).getStatus());
        assertEquals("active", failure.get(1).getData().getPreviousAttributes().get("status"));
        assertEquals("past_due", stripe.v1().subscriptions().retrieve(subscriptionId).getStatus());

        List<Event> recovery = act(() -> control("POST", "/control/subscriptions/" + subscriptionId + "/renew", ""),
                "invoice.paid", "customer.subscription.updated");
        assertEquals(open.getId(), object(recovery.get(0), Invoice.class).getId(), "the retry pays the open invoice");
        assertEquals("active", stripe.v1().subscriptions().retrieve(subscriptionId).getStatus());

        JsonNode[] refunded = new JsonNode[1];
        List<Event> refund = act(() -> refunded[0] = control("POST", "/control/subscriptions/" + subscriptionId + "/refund", ""),
                "charge.refunded");
        Charge refundedCharge = object(refund.getFirst(), Charge.class);
        assertTrue(refundedCharge.getRefunded());
        assertEquals(refundedCharge.getAmount(), refundedCharge.getAmountRefunded());
        assertEquals(customer.getId(), refundedCharge.getCustomer());
        assertEquals(refunded[0].get("chargeId").asText(), refundedCharge.getId());
        assertEquals(refundedCharge.getId(), stripe.v1().refunds().retrieve(refunded[0].get("refundId").asText()).getCharge());
        assertTrue(stripe.v1().charges().retrieve(refundedCharge.getId()).getRefunded());

        List<Event> cancellation = act(() -> control("POST", "/control/subscriptions/" + subscriptionId + "/cancel", ""),
                "customer.subscription.deleted");
        assertEquals("canceled", object(cancellation.getFirst(), Subscription.class).getStatus());
        Subscription canceled = stripe.v1().subscriptions().retrieve(subscriptionId);
        assertEquals("canceled", canceled.getStatus());
        assertNotNull(canceled.getEndedAt());
        assertNotNull(canceled.getCanceledAt());
        assertTrue(stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customer.getId()).build()).getData().isEmpty(),
                "a canceled subscription is not listed by default");

        // Lists parse into stripe-java's collections too, newest first.
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.events().stream().allMatch(e -> e.delivery() == StripeEvent.Delivery.DELIVERED));
        List<Invoice> invoices = stripe.v1().invoices().list(InvoiceListParams.builder().setSubscription(subscriptionId).build()).getData();
        assertEquals(List.of("paid", "paid", "paid"), invoices.stream().map(Invoice::getStatus).toList());
        assertEquals(open.getId(), invoices.getFirst().getId());
        assertEquals(3, stripe.v1().charges().list(ChargeListParams.builder().setCustomer(customer.getId()).build()).getData().size());
        List<Event> listed = stripe.v1().events().list(EventListParams.builder().setType("customer.subscription.*").setLimit(3L).build()).getData();
        assertEquals(List.of("customer.subscription.deleted", "customer.subscription.updated", "customer.subscription.updated"),
                listed.stream().map(Event::getType).toList());
        assertTrue(listed.stream().allMatch(e -> e.getDataObjectDeserializer().getObject().isPresent() && e.getPendingWebhooks() == 0));
        assertEquals("Riff Premium", stripe.v1().products().retrieve(price.getProduct()).getName());
        assertEquals(PRICE, stripe.v1().checkout().sessions().lineItems().list(session.getId()).getData().getFirst().getPrice().getId());
    }

    @Test
    void theApiCancelsAtPeriodEndAndNow() throws Exception {
        String subscriptionId = subscribe("grace@example.com");
        List<Event> scheduled = act(() -> stripe.v1().subscriptions().update(subscriptionId,
                SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).putMetadata("reason", "test").build()),
                "customer.subscription.updated");
        Subscription pending = object(scheduled.getFirst(), Subscription.class);
        assertTrue(pending.getCancelAtPeriodEnd());
        assertEquals(pending.getItems().getData().getFirst().getCurrentPeriodEnd(), pending.getCancelAt());
        assertEquals(false, scheduled.getFirst().getData().getPreviousAttributes().get("cancel_at_period_end"));
        assertNotNull(scheduled.getFirst().getRequest().getId(), "an event an API request caused names the request");
        assertNotNull(scheduled.getFirst().getRequest().getIdempotencyKey());
        assertEquals("active", pending.getStatus());
        assertEquals("cancellation_requested", pending.getCancellationDetails().getReason());

        List<Event> withdrawn = act(() -> stripe.v1().subscriptions().update(subscriptionId,
                SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(false).build()), "customer.subscription.updated");
        Subscription kept = object(withdrawn.getFirst(), Subscription.class);
        assertFalse(kept.getCancelAtPeriodEnd());
        assertNull(kept.getCancelAt());
        assertNull(kept.getCanceledAt());
        assertEquals(true, withdrawn.getFirst().getData().getPreviousAttributes().get("cancel_at_period_end"));

        Subscription[] canceled = new Subscription[1];
        List<Event> deleted = act(() -> canceled[0] = stripe.v1().subscriptions().cancel(subscriptionId), "customer.subscription.deleted");
        assertEquals("canceled", canceled[0].getStatus());
        assertNotNull(canceled[0].getEndedAt());
        assertEquals("canceled", object(deleted.getFirst(), Subscription.class).getStatus());
        InvalidRequestException again = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().subscriptions().update(subscriptionId, SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(false).build()));
        assertEquals(400, again.getStatusCode());
    }

    @Test
    void aWrongApiKeyIsRefused() {
        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> client("sk_live_not_a_test_key").v1().customers().create(CustomerCreateParams.builder().setEmail("x@example.com").build()));
        assertEquals(401, refused.getStatusCode());
        assertTrue(refused.getMessage().contains("Invalid API Key provided"), refused.getMessage());
        assertTrue(simulator.events().isEmpty());
    }

    @Test
    void unknownIdsAndMissingOrUnknownParametersAreStripesErrors() {
        InvalidRequestException missing = assertThrows(InvalidRequestException.class, () -> stripe.v1().customers().retrieve("cus_missing"));
        assertEquals(404, missing.getStatusCode());
        assertEquals("resource_missing", missing.getCode());
        assertEquals("id", missing.getParam());
        assertTrue(missing.getMessage().contains("No such customer: 'cus_missing'"), missing.getMessage());
        assertNotNull(missing.getRequestId());

        InvalidRequestException unknownCustomer = assertThrows(InvalidRequestException.class, () -> stripe.v1().checkout().sessions().create(
                SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer("cus_x")
                        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(PRICE).setQuantity(1L).build()).build()));
        assertEquals("resource_missing", unknownCustomer.getCode());
        assertEquals("customer", unknownCustomer.getParam());

        InvalidRequestException noCustomer = assertThrows(InvalidRequestException.class, () -> stripe.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setReturnUrl("http://127.0.0.1/").build()));
        assertEquals(400, noCustomer.getStatusCode());
        assertEquals("parameter_missing", noCustomer.getCode());
        assertEquals("customer", noCustomer.getParam());

        InvalidRequestException unknown = assertThrows(InvalidRequestException.class, () -> stripe.v1().customers().create(
                CustomerCreateParams.builder().putExtraParam("favourite_colour", "teal").build()));
        assertEquals("parameter_unknown", unknown.getCode());
        assertEquals("favourite_colour", unknown.getParam());

        InvalidRequestException noQuantity = assertThrows(InvalidRequestException.class, () -> stripe.v1().checkout().sessions().create(
                SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(PRICE).build()).build()));
        assertEquals("parameter_missing", noQuantity.getCode());
        assertEquals("line_items[0][quantity]", noQuantity.getParam());
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstResponse() throws Exception {
        CustomerCreateParams params = CustomerCreateParams.builder().setEmail("once@example.com").build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey("create-once").build();
        Customer first = stripe.v1().customers().create(params, options);
        Customer second = stripe.v1().customers().create(params, options);
        assertEquals(first.getId(), second.getId());
        assertEquals(1, simulator.events().stream().filter(e -> e.type().equals("customer.created")).count());
        assertThrows(IdempotencyException.class, () -> stripe.v1().customers().create(
                CustomerCreateParams.builder().setEmail("other@example.com").build(), options));
    }

    @Test
    void aFailingEndpointGetsTheSameEventAgainFreshlySignedWithoutHoldingBackLaterEvents() throws Exception {
        // The first two deliveries of the first customer's event fail; everything else is accepted.
        receiver.answer = (event, seen) -> event.getType().equals("customer.created")
                && "retry@example.com".equals(((Customer) event.getDataObjectDeserializer().getObject().orElseThrow()).getEmail())
                && seen <= 2 ? 500 : 200;
        Customer retried = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("retry@example.com").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries.size() >= 1);
        Customer later = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("later@example.com").build());

        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveries.size() >= 4);
        List<Receiver.Delivery> deliveries = List.copyOf(receiver.deliveries);
        List<Receiver.Delivery> ofRetried = deliveries.stream()
                .filter(d -> ((Customer) d.event().getDataObjectDeserializer().getObject().orElseThrow()).getId().equals(retried.getId())).toList();
        assertEquals(3, ofRetried.size());
        assertEquals(1, ofRetried.stream().map(d -> d.event().getId()).distinct().count(), "the same event each time");
        assertEquals(3, ofRetried.stream().map(Receiver.Delivery::timestamp).distinct().count(), "each attempt signed afresh");
        assertEquals(1, ofRetried.stream().map(Receiver.Delivery::payload).distinct().count(), "the same payload each time");
        int laterAt = indexOf(deliveries, later.getId());
        assertTrue(laterAt < deliveries.indexOf(ofRetried.get(2)), "a later event is not held back by a retrying one");

        JsonNode record = control("GET", "/control/events/" + ofRetried.getFirst().event().getId(), null);
        assertEquals("delivered", record.get("delivery").asText());
        assertEquals(List.of(500, 500, 200), JSON.convertValue(record.get("attempts").findValues("status"),
                JSON.getTypeFactory().constructCollectionType(List.class, Integer.class)));
        assertEquals(0, record.get("event").get("pending_webhooks").asInt());
    }

    @Test
    void noConnectionAndNoAnswerInTimeAreRetried() throws Exception {
        simulator.close();
        simulator = StripeSimulator.start(0, SECRET, new DeliveryPolicy(Collections.nCopies(5, Duration.ofMillis(300)), Duration.ofMillis(500)));
        stripe = client(API_KEY);
        simulator.deliverTo("http://127.0.0.1:" + dev.riff.devkit.Ports.free() + "/webhooks/stripe");
        stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("nobody-listens@example.com").build());
        StripeEvent unreachable = simulator.events().getFirst();
        await().atMost(Duration.ofSeconds(10)).until(() -> !unreachable.attempts().isEmpty());
        simulator.deliverTo(receiver.url());
        await().atMost(Duration.ofSeconds(10)).until(() -> unreachable.delivery() == StripeEvent.Delivery.DELIVERED);
        StripeEvent.Attempt refused = unreachable.attempts().getFirst();
        assertNull(refused.status());
        assertTrue(refused.error().contains("ConnectException"), refused.error());

        // The receiver sits on the first delivery past the simulator's timeout, then answers the retry at once.
        receiver.answer = (event, seen) -> seen == 1 ? -1500 : 200;
        stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("slow@example.com").build());
        StripeEvent slow = simulator.events().getLast();
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.delivery() == StripeEvent.Delivery.DELIVERED);
        assertNull(slow.attempts().getFirst().status());
        assertTrue(slow.attempts().getFirst().error().contains("Timeout"), slow.attempts().getFirst().error());
        assertEquals(200, slow.attempts().get(1).status());
    }

    @Test
    void pausedDeliveriesCanBeRedeliveredInAnyOrderAndThenResumed() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> control("POST", "/control/deliveries/pause", "").get("paused").asBoolean());
        Customer a = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("a@example.com").build());
        Customer b = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("b@example.com").build());
        String eventA = simulator.events().get(0).id();
        String eventB = simulator.events().get(1).id();
        assertEquals(List.of(eventA, eventB), JSON.convertValue(control("GET", "/control/deliveries", null).get("queued"), List.class));
        assertTrue(receiver.deliveries.isEmpty());

        for (String id : List.of(eventB, eventA, eventB)) {
            JsonNode redelivered = control("POST", "/control/events/" + id + "/redeliver", "");
            assertEquals(200, redelivered.get("attempt").get("status").asInt());
            assertTrue(redelivered.get("attempt").get("manual").asBoolean());
        }
        assertEquals(List.of(b.getId(), a.getId(), b.getId()), receiver.deliveries.stream().map(StripeSimulatorTest::customerId).toList());

        control("POST", "/control/deliveries/resume", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries.size() == 5);
        assertEquals(List.of(a.getId(), b.getId()), receiver.deliveries.subList(3, 5).stream().map(StripeSimulatorTest::customerId).toList());
    }

    @Test
    void theBillingPortalSessionHasAUrl() throws Exception {
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("portal@example.com").build());
        com.stripe.model.billingportal.Session portal = stripe.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customer.getId())
                        .setReturnUrl("http://127.0.0.1:1/account").build());
        assertTrue(portal.getId().startsWith("bps_"), portal.getId());
        assertEquals(customer.getId(), portal.getCustomer());
        assertEquals("http://127.0.0.1:1/account", portal.getReturnUrl());
        assertTrue(portal.getUrl().startsWith(simulator.baseUrl() + "/billing_portal/"), portal.getUrl());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(portal.getUrl())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
    }

    @Test
    void theRequestsAreRecordedWithTheirBracketedParameters() throws Exception {
        subscribe("params@example.com");
        JsonNode requests = control("GET", "/control/requests", null);
        JsonNode checkout = null;
        for (JsonNode request : requests) {
            if (request.get("path").asText().equals("/v1/checkout/sessions") && request.get("method").asText().equals("POST")) {
                checkout = request;
            }
        }
        assertNotNull(checkout);
        assertEquals(PRICE, checkout.get("params").get("line_items").get(0).get("price").asText());
        assertEquals("1", checkout.get("params").get("line_items").get(0).get("quantity").asText());
        assertEquals("7", checkout.get("params").get("subscription_data").get("metadata").get("user_id").asText());
        assertEquals(Stripe.API_VERSION, checkout.get("stripeVersion").asText());
        assertTrue(checkout.get("idempotencyKey").isTextual(), "stripe-java sends an idempotency key with every POST");
    }

    // ---- helpers

    private interface Action {
        void run() throws Exception;
    }

    /** Waits until earlier events are delivered, runs the action, and returns the events it made, as the receiver got them. */
    private List<Event> act(Action action, String... types) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.events().stream()
                .allMatch(e -> e.delivery() == StripeEvent.Delivery.DELIVERED || e.delivery() == StripeEvent.Delivery.NOT_SUBSCRIBED));
        int mark = receiver.deliveries.size();
        action.run();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries.size() - mark >= types.length);
        List<Event> events = receiver.deliveries.subList(mark, receiver.deliveries.size()).stream().map(Receiver.Delivery::event).toList();
        assertEquals(List.of(types), events.stream().map(Event::getType).toList());
        for (Event event : events) {
            assertEquals(Stripe.API_VERSION, event.getApiVersion());
            assertTrue(event.getId().startsWith("evt_"), event.getId());
            assertFalse(event.getLivemode());
            assertTrue(event.getDataObjectDeserializer().getObject().isPresent(), event.getType() + " deserializes");
        }
        return events;
    }

    private String subscribe(String email) throws Exception {
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail(email).build());
        Session session = stripe.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(customer.getId())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(PRICE).setQuantity(1L).build())
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putMetadata("user_id", "7").build())
                .build());
        return control("POST", "/control/checkout/sessions/" + session.getId() + "/complete", "").get("subscriptionId").asText();
    }

    @SuppressWarnings("unchecked")
    private static <T extends StripeObject> T object(Event event, Class<T> type) {
        StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow();
        assertTrue(type.isInstance(object), event.getType() + " carries a " + type.getSimpleName());
        return (T) object;
    }

    private static String customerId(Receiver.Delivery delivery) {
        return ((Customer) delivery.event().getDataObjectDeserializer().getObject().orElseThrow()).getId();
    }

    private static int indexOf(List<Receiver.Delivery> deliveries, String customerId) {
        for (int i = 0; i < deliveries.size(); i++) {
            if (customerId(deliveries.get(i)).equals(customerId)) {
                return i;
            }
        }
        return -1;
    }

    private StripeClient client(String apiKey) {
        return StripeClient.builder().setApiKey(apiKey).setApiBase(simulator.baseUrl()).build();
    }

    private JsonNode control(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** The webhook endpoint: verifies every delivery with stripe-java and answers as told. */
    private static final class Receiver implements AutoCloseable {

        record Delivery(Event event, String payload, String signature, long timestamp, String userAgent, String contentType) {
        }

        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        /** The status to answer, given the event and how many times it has now been received; -n: answer 200 after n ms. */
        volatile BiFunction<Event, Integer, Integer> answer = (event, seen) -> 200;
        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/webhooks/stripe", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
        }

        private void handle(HttpExchange exchange) throws IOException {
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("Stripe-Signature");
            int status;
            try {
                Event event = Webhook.constructEvent(payload, signature, SECRET, 300);
                long timestamp = Long.parseLong(signature.substring(2, signature.indexOf(',')));
                int seen;
                synchronized (this) {
                    deliveries.add(new Delivery(event, payload, signature, timestamp, exchange.getRequestHeaders().getFirst("User-Agent"),
                            exchange.getRequestHeaders().getFirst("Content-Type")));
                    seen = (int) deliveries.stream().filter(d -> d.event().getId().equals(event.getId())).count();
                }
                status = answer.apply(event, seen);
                if (status < 0) {
                    Thread.sleep(-status);
                    status = 200;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
            } catch (SignatureVerificationException | RuntimeException e) {
                refused.add(e.toString());
                status = 400;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
            assertTrue(refused.isEmpty(), "every delivery verifies: " + refused);
        }
    }
}
