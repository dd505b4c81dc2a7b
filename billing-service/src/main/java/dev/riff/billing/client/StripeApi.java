package dev.riff.billing.client;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.riff.billing.config.StripeConfig;
import dev.riff.billing.service.PremiumRefusal;
import dev.riff.support.reactive.OnVertxContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Stripe through its official SDK. Every call runs on a worker thread (stripe-java blocks) and
 * resumes on the caller's Vert.x context. Without STRIPE_API_KEY the client talks to the devkit's
 * Stripe simulator; a Stripe failure reaches the member as 502/503, never as a stack trace.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class StripeApi {

    /** The simulator's key: the only key that may go to the local API base by default. */
    public static final String LOCAL_KEY = "sk_test_riff_local";
    public static final String LOCAL_API_BASE = "http://127.0.0.1:8091";
    /** Metadata on customers and subscriptions naming the Discord user they belong to. */
    public static final String USER_METADATA = "riff_user_id";
    public static final String PLAN_METADATA = "riff_plan";

    private static final Logger LOG = Logger.getLogger(StripeApi.class);

    private final StripeClient stripe;
    private final StripeConfig config;

    StripeApi(StripeConfig config, @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.host") String host) {
        this.config = config;
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
        if (!loopback && (config.apiKey().equals(LOCAL_KEY) || config.webhookSecret().startsWith("whsec_riff_local"))) {
            throw new IllegalStateException("billing listens on " + host + " but STRIPE_API_KEY or STRIPE_WEBHOOK_SECRET is the local"
                    + " simulator's default: set Stripe's (see deploy/)");
        }
        int timeoutMillis = (int) config.timeout().toMillis();
        StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(config.apiKey())
                .setConnectTimeout(timeoutMillis).setReadTimeout(timeoutMillis).setMaxNetworkRetries(2);
        config.apiBase().or(() -> config.apiKey().equals(LOCAL_KEY) ? java.util.Optional.of(LOCAL_API_BASE) : java.util.Optional.empty())
                .ifPresent(builder::setApiBase);
        this.stripe = builder.build();
    }

    /** The user's Stripe customer, made once per user (the idempotency key makes a retry return the same one). */
    public Uni<String> createCustomer(String userId) {
        return call("create a customer", () -> stripe.customers().create(CustomerCreateParams.builder()
                        .setDescription("Discord user " + userId).putMetadata(USER_METADATA, userId).build(),
                RequestOptions.builder().setIdempotencyKey("riff-customer-" + userId).build()).getId());
    }

    public Uni<Session> createCheckout(String customerId, String userId, String plan, String price) {
        return call("create a checkout session", () -> stripe.checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customerId)
                .setClientReferenceId(userId)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putMetadata(USER_METADATA, userId).putMetadata(PLAN_METADATA, plan).build())
                .putMetadata(USER_METADATA, userId)
                .setSuccessUrl(config.returnUrl())
                .setCancelUrl(config.returnUrl())
                .build()));
    }

    public Uni<String> createPortal(String customerId) {
        return call("open the customer portal", () -> stripe.billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customerId)
                        .setReturnUrl(config.returnUrl()).build()).getUrl());
    }

    public Uni<Subscription> subscription(String id) {
        return call("read a subscription", () -> stripe.subscriptions().retrieve(id));
    }

    public Uni<Subscription> cancel(String subscriptionId) {
        return call("cancel a subscription", () -> stripe.subscriptions().cancel(subscriptionId));
    }

    public Uni<Charge> charge(String id) {
        return call("read a charge", () -> stripe.charges().retrieve(id));
    }

    public Uni<Customer> customer(String id) {
        return call("read a customer", () -> stripe.customers().retrieve(id));
    }

    private <T> Uni<T> call(String what, Callable<T> request) {
        return OnVertxContext.blocking(() -> {
            try {
                return request.call();
            } catch (StripeException e) {
                LOG.warnf("Stripe refused to %s: %s (request %s, status %s)", what, e.getMessage(), e.getRequestId(), e.getStatusCode());
                boolean unavailable = e.getStatusCode() == null || e.getStatusCode() >= 500 || e.getStatusCode() == 429;
                throw new PremiumRefusal(unavailable ? 503 : 502, "payment-provider",
                        "the payment provider could not " + what + (unavailable ? " now; try again shortly" : ""));
            }
        });
    }
}
