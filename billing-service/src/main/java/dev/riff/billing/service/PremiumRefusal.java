package dev.riff.billing.service;

/**
 * A premium request billing refuses, with its HTTP status and a stable code the gateway words for
 * the member (no-subscription, no-free-slot, move-cooldown, …).
 */
public class PremiumRefusal extends RuntimeException {

    private final int status;
    private final String code;

    public PremiumRefusal(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
