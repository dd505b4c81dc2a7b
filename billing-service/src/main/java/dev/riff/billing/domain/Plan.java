package dev.riff.billing.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The plans a user can have and what each grants: the one catalogue of premium. Every paid plan
 * gives its premium servers the guild tier {@code premium}; plans differ in how many servers, the
 * monthly allowances and the extras.
 *
 * <p>Allowances are soft: a user over one is told (in {@code /premium status} and by a
 * {@code billing.usage-quota-exceeded.v1} event, once per quota and month) and nothing stops
 * playing. {@link #unlimited()} marks an allowance that has no ceiling.
 */
public enum Plan {
    FREE(0, 20 * 60, 500, false, false),
    BASIC(1, 200 * 60, 5_000, false, false),
    PREMIUM(3, 1_000 * 60, 25_000, true, false),
    ENTERPRISE(10, unlimited(), unlimited(), true, true);

    private final int premiumServers;
    private final int monthlyPlayMinutes;
    private final int monthlyRequests;
    private final boolean customBot;
    private final boolean prioritySupport;

    Plan(int premiumServers, int monthlyPlayMinutes, int monthlyRequests, boolean customBot, boolean prioritySupport) {
        this.premiumServers = premiumServers;
        this.monthlyPlayMinutes = monthlyPlayMinutes;
        this.monthlyRequests = monthlyRequests;
        this.customBot = customBot;
        this.prioritySupport = prioritySupport;
    }

    /** An allowance without a ceiling. */
    public static int unlimited() {
        return -1;
    }

    /** The plan of this wire name ({@code basic}), if there is one. */
    public static Optional<Plan> named(String name) {
        return Arrays.stream(values()).filter(plan -> plan.wireName().equals(name)).findFirst();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean paid() {
        return this != FREE;
    }

    /** The better of two plans: the one that grants more (the catalogue is ordered by what it grants). */
    public Plan or(Plan other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }

    public int premiumServers() {
        return premiumServers;
    }

    public int monthlyPlayMinutes() {
        return monthlyPlayMinutes;
    }

    public int monthlyRequests() {
        return monthlyRequests;
    }

    public boolean customBot() {
        return customBot;
    }

    public boolean prioritySupport() {
        return prioritySupport;
    }
}
