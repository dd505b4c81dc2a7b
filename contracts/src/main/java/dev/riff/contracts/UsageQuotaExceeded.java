package dev.riff.contracts;

/**
 * A user went over a monthly allowance of their plan: data of {@link EventTypes#USAGE_QUOTA_EXCEEDED},
 * announced once per user, month and quota. Allowances are soft: nothing stops playing.
 *
 * @param month     the calendar month in UTC, like 2026-12
 * @param quota     play-minutes or requests
 * @param used      the usage when it went over, in the quota's unit
 * @param allowance the plan's allowance, in the same unit
 */
public record UsageQuotaExceeded(String userId, String plan, String month, String quota, long used, long allowance) {
}
