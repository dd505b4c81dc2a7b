package dev.riff.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Stripe: with {@code STRIPE_API_KEY} set, the real API; without, the devkit's Stripe simulator at
 * {@code riff.stripe.api-base} with its local key and signing secret.
 */
@ConfigMapping(prefix = "riff.stripe")
public interface StripeConfig {

    String apiKey();

    /** Where stripe-java sends requests; Stripe's own API when unset. */
    java.util.Optional<String> apiBase();

    /** The endpoint's signing secret (whsec_…) Stripe-Signature is checked with. */
    String webhookSecret();

    /** How old a signed webhook may be (Stripe's default tolerance). */
    @WithDefault("300")
    long webhookToleranceSeconds();

    /** Where checkout and the customer portal send the member back to. */
    String returnUrl();

    @WithDefault("5s")
    Duration timeout();
}
