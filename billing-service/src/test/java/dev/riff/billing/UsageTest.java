package dev.riff.billing;

import static dev.riff.billing.Premium.snowflake;
import static dev.riff.billing.Premium.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.billing.domain.Plan;
import dev.riff.billing.service.UsageMeter;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.TrackEvent;
import dev.riff.support.reactive.OnVertxContext;
import dev.riff.support.testing.DeadLetterTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Usage from playback.events: counted once per event, in calendar months of UTC, and a quota passed is told once. */
@QuarkusTest
@QuarkusTestResource(value = StripeSimulatorResource.class, restrictToAnnotatedClass = false)
class UsageTest {

    @Inject
    UsageMeter usage;

    @Inject
    OnVertxContext vertx;

    @Test
    void eachTrackCountsOnceHoweverOftenItsEventsArrive() {
        String user = snowflake();
        String guild = snowflake();
        String started = track(EventTypes.TRACK_STARTED, guild, user, 0, Instant.now());
        String ended = track(EventTypes.TRACK_ENDED, guild, user, 150_000, Instant.now());
        for (int i = 0; i < 3; i++) {
            DeadLetterTopic.send("playback.events", guild, started);
            DeadLetterTopic.send("playback.events", guild, ended);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).getInt("usage.requests") == 1
                && status(user).getInt("usage.playMinutes") == 2);
        // A later record proves the redeliveries were consumed, and counted nothing.
        DeadLetterTopic.send("playback.events", guild, track(EventTypes.TRACK_STARTED, guild, user, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).getInt("usage.requests") == 2);
        assertEquals(2, status(user).getInt("usage.playMinutes"));
        assertEquals(YearMonth.now(ZoneOffset.UTC).toString(), status(user).getString("usage.month"));
    }

    @Test
    void lastMonthsPlayIsNotThisMonths() {
        String user = snowflake();
        Instant lastMonth = YearMonth.now(ZoneOffset.UTC).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1);
        vertx.run(() -> usage.count(UUID.randomUUID().toString(), user, lastMonth, 1, 60_000)).await().atMost(Duration.ofSeconds(10));
        assertEquals(0, status(user).getInt("usage.requests"));
        var earlier = vertx.run(() -> usage.of(user, lastMonth)).await().atMost(Duration.ofSeconds(10));
        assertEquals(1, earlier.requests());
        assertEquals(YearMonth.from(lastMonth.atOffset(ZoneOffset.UTC)).toString(), earlier.month());
    }

    @Test
    void goingOverAQuotaIsToldOnceAndNothingStops() {
        String user = snowflake();
        try (var billingEvents = new DeadLetterTopic("billing.events")) {
            long over = Plan.FREE.monthlyRequests() + 1L;
            vertx.run(() -> usage.count(UUID.randomUUID().toString(), user, Instant.now(), over, 0)).await().atMost(Duration.ofSeconds(10));
            vertx.run(() -> usage.count(UUID.randomUUID().toString(), user, Instant.now(), 1, 0)).await().atMost(Duration.ofSeconds(10));
            var told = billingEvents.collect("\"userId\":\"" + user + "\"", Duration.ofSeconds(5)).stream()
                    .filter(record -> record.value().contains(EventTypes.USAGE_QUOTA_EXCEEDED.name())).toList();
            assertEquals(1, told.size(), "told once");
            assertTrue(told.get(0).value().contains("\"quota\":\"requests\""));
        }
        assertEquals(java.util.List.of("requests"), status(user).getList("usage.overQuota"));
    }

    @Test
    void theSoftLimitsAreTheCatalogues() {
        assertEquals(java.util.List.of(), UsageMeter.overQuota(Plan.ENTERPRISE, new UsageMeter.Usage("2026-12", Long.MAX_VALUE / 2, Long.MAX_VALUE / 2)));
        assertEquals(java.util.List.of(UsageMeter.PLAY_MINUTES), UsageMeter.overQuota(Plan.BASIC,
                new UsageMeter.Usage("2026-12", (Plan.BASIC.monthlyPlayMinutes() + 1L) * 60_000, 0)));
    }

    private static String track(dev.riff.contracts.EventType<TrackEvent> type, String guild, String user, long positionMs, Instant at) {
        TrackEvent data = new TrackEvent(guild, "Demo", "https://example.org/a.mp3", "http", user, 200_000, positionMs,
                type == EventTypes.TRACK_ENDED ? "finished" : null);
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), "/playback-service", type.name(), guild, at,
                "application/json", guild, type.aggregateType(), CloudEventCodec.mapper().valueToTree(data));
        return CloudEventCodec.write(event);
    }
}
