package dev.riff.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How billing runs its premium business; defaults are production's, tests shorten the times. */
@ConfigMapping(prefix = "riff.billing")
public interface BillingConfig {

    /** How long premium stays after a payment fails before the user's servers fall back to free. */
    @WithDefault("P3D")
    Duration grace();

    /** How long a server keeps premium at least once activated, before it may be moved to another. */
    @WithDefault("P7D")
    Duration moveCooldown();

    /**
     * How long past a paid period's end a grant still counts when no renewal arrived: the provider's
     * renewal may come late; after this the lifecycle job asks Stripe and expires what is still due.
     */
    @WithDefault("PT6H")
    Duration renewalLeeway();

    /** How often the lifecycle job (grace and expiry) runs on each replica. */
    @WithDefault("60s")
    String lifecycleEvery();

    /** Per paid plan (basic, premium, enterprise): its Stripe price and Discord SKU. */
    Map<String, PlanOffer> plans();

    interface PlanOffer {
        /** The Stripe price id checkout sells this plan with. */
        String stripePrice();

        /** The Discord SKU id of this plan in the app's store (a user subscription), if it is sold there. */
        Optional<String> discordSku();

        /** The Discord SKU id of this plan as a guild subscription: it gives its guild premium directly. */
        Optional<String> discordGuildSku();
    }
}
