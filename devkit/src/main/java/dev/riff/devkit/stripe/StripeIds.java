package dev.riff.devkit.stripe;

import java.security.SecureRandom;

/** Random ids shaped like Stripe's: a type prefix and base62 characters (test-mode Checkout Sessions carry {@code cs_test_}). */
final class StripeIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private StripeIds() {
    }

    static String next(String prefix) {
        int length = switch (prefix) {
            case "cus", "si", "prod", "req" -> 14;
            case "cs_test" -> 58;
            default -> 24;
        };
        return prefix + "_" + random(length);
    }

    static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** An invoice prefix as Stripe gives each customer: eight upper-case letters and digits. */
    static String invoicePrefix() {
        StringBuilder out = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(36)));
        }
        return out.toString();
    }
}
