package dev.riff.devkit.stripe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>}, the
 * MAC taken over {@code "<t>.<payload bytes>"} with the endpoint's secret string ({@code whsec_…},
 * used whole as the key, as Stripe's libraries verify it).
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String header(String secret, long timestamp, byte[] payload) {
        return "t=" + timestamp + ",v1=" + v1(secret, timestamp, payload);
    }

    public static String v1(String secret, long timestamp, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
