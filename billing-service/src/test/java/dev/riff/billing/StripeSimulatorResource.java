package dev.riff.billing;

import dev.riff.devkit.stripe.StripeSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The devkit's Stripe simulator for billing's tests: billing's stripe-java talks to it, and it signs webhooks to billing. */
public class StripeSimulatorResource implements QuarkusTestResourceLifecycleManager {

    static final String WEBHOOK_SECRET = "whsec_billing_tests_secret";
    private static StripeSimulator simulator;

    static StripeSimulator simulator() {
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        simulator = StripeSimulator.start(0, WEBHOOK_SECRET);
        return Map.of("riff.stripe.api-base", simulator.baseUrl(), "riff.stripe.api-key", "sk_test_billing_tests",
                "riff.stripe.webhook-secret", WEBHOOK_SECRET);
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
