package dev.riff.billing.service;

import dev.riff.billing.domain.Plan;
import dev.riff.billing.domain.UserSubscription;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.UsageQuotaExceeded;
import dev.riff.support.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly usage per user, in calendar months of UTC: a request per track started for the user, and
 * the time each of their tracks played. A playback event counts once (by its CloudEvent id, in the
 * transaction that adds it), so redeliveries and consumer restarts never count twice.
 */
@ApplicationScoped
public class UsageMeter {

    public static final String PLAY_MINUTES = "play-minutes";
    public static final String REQUESTS = "requests";

    /** One user's usage in one month. */
    public record Usage(String month, long playMs, long requests) {
        public long playMinutes() {
            return playMs / 60_000;
        }
    }

    private final Outbox outbox;

    UsageMeter(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Adds to the user's month, once per event id; tells once per month when a quota is passed.
     *
     * @return whether the event was counted (false: already counted before)
     */
    public Uni<Boolean> count(String eventId, String userId, Instant at, long requests, long playMs) {
        LocalDate month = YearMonth.from(at.atOffset(ZoneOffset.UTC)).atDay(1);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("insert into usage_event (event_id) values (:id) on conflict do nothing")
                .setParameter("id", eventId).executeUpdate()
                .chain(inserted -> {
                    if (inserted == 0) {
                        return Uni.createFrom().item(false);
                    }
                    return session.createNativeQuery("insert into usage_month (user_id, month, play_ms, requests) values (:user, :month, :ms, :req)"
                                    + " on conflict (user_id, month) do update set play_ms = usage_month.play_ms + excluded.play_ms,"
                                    + " requests = usage_month.requests + excluded.requests returning play_ms, requests", Object[].class)
                            .setParameter("user", userId).setParameter("month", month).setParameter("ms", playMs).setParameter("req", requests)
                            .getSingleResult()
                            .chain(totals -> noticeOverQuota(userId, month, new Usage(YearMonth.from(month).toString(),
                                    ((Number) totals[0]).longValue(), ((Number) totals[1]).longValue())))
                            .replaceWith(true);
                })));
    }

    /** The user's usage in the month that contains {@code at}. */
    public Uni<Usage> of(String userId, Instant at) {
        LocalDate month = YearMonth.from(at.atOffset(ZoneOffset.UTC)).atDay(1);
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select play_ms, requests from usage_month where user_id = :user and month = :month", Object[].class)
                .setParameter("user", userId).setParameter("month", month).getResultList()))
                .map(rows -> rows.isEmpty() ? new Usage(YearMonth.from(month).toString(), 0, 0)
                        : new Usage(YearMonth.from(month).toString(), ((Number) rows.get(0)[0]).longValue(), ((Number) rows.get(0)[1]).longValue()));
    }

    /** The quotas this usage is over on this plan, named as in {@link UsageQuotaExceeded#quota()}. */
    public static List<String> overQuota(Plan plan, Usage usage) {
        List<String> over = new ArrayList<>();
        if (plan.monthlyPlayMinutes() != Plan.unlimited() && usage.playMinutes() > plan.monthlyPlayMinutes()) {
            over.add(PLAY_MINUTES);
        }
        if (plan.monthlyRequests() != Plan.unlimited() && usage.requests() > plan.monthlyRequests()) {
            over.add(REQUESTS);
        }
        return over;
    }

    private Uni<Void> noticeOverQuota(String userId, LocalDate month, Usage usage) {
        return UserSubscription.<UserSubscription>find("userId", userId).firstResult().chain(subscription -> {
            Plan plan = subscription == null ? Plan.FREE : subscription.plan();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String quota : overQuota(plan, usage)) {
                long used = quota.equals(PLAY_MINUTES) ? usage.playMinutes() : usage.requests();
                long allowance = quota.equals(PLAY_MINUTES) ? plan.monthlyPlayMinutes() : plan.monthlyRequests();
                chain = chain.chain(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("insert into usage_notice (user_id, month, quota) values (:user, :month, :quota) on conflict do nothing")
                        .setParameter("user", userId).setParameter("month", month).setParameter("quota", quota).executeUpdate())
                        .chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem()
                                : outbox.publish(EventTypes.USAGE_QUOTA_EXCEEDED, userId, userId,
                                        new UsageQuotaExceeded(userId, plan.wireName(), usage.month(), quota, used, allowance)).replaceWithVoid()));
            }
            return chain;
        });
    }
}
