package dev.riff.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.riff.gateway.domain.EffectiveConfiguration;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The gateway's staleness bound on effective configurations: a change event drops a guild's entries
 * at once, an entry is never served past its TTL when the event was missed, and an answer that was
 * on its way while the guild changed is used for that command but not kept.
 */
class ConfigurationCacheTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    /** What config-service answers now: the guild's volume limit. */
    private final AtomicInteger volumeLimit = new AtomicInteger(100);
    private final List<String> lookups = new ArrayList<>();

    private Uni<EffectiveConfiguration> configService(String guildId, String channelId) {
        lookups.add(guildId + "/" + channelId);
        return Uni.createFrom().item(answer(guildId, channelId, volumeLimit.get()));
    }

    private static EffectiveConfiguration answer(String guildId, String channelId, int volumeLimit) {
        return new EffectiveConfiguration(guildId, channelId, Map.of("volumeLimit", IntNode.valueOf(volumeLimit)), Map.of());
    }

    private static int volumeLimit(ConfigurationCache cache, String guildId, String channelId) {
        return cache.get(guildId, channelId).await().indefinitely().values().get("volumeLimit").asInt();
    }

    @Test
    void aChangeEventDropsTheGuildsEntriesAtOnceAndOnlyThatGuilds() {
        ConfigurationCache cache = new ConfigurationCache(this::configService, TTL, clock);
        assertEquals(100, volumeLimit(cache, "1", "10"));
        assertEquals(100, volumeLimit(cache, "1", null));
        assertEquals(100, volumeLimit(cache, "2", "20"));
        assertEquals(3, lookups.size());

        volumeLimit.set(50);
        assertEquals(100, volumeLimit(cache, "1", "10"), "within the TTL and without an event, the cached answer");
        cache.invalidate("1");
        assertEquals(50, volumeLimit(cache, "1", "10"), "the change is seen by the next command");
        assertEquals(50, volumeLimit(cache, "1", null));
        assertEquals(100, volumeLimit(cache, "2", "20"), "another guild's entry stays");
        assertEquals(5, lookups.size());
    }

    @Test
    void withoutAnEventAnEntryIsNeverServedPastItsTtl() {
        ConfigurationCache cache = new ConfigurationCache(this::configService, TTL, clock);
        assertEquals(100, volumeLimit(cache, "1", "10"));
        volumeLimit.set(50);
        clock.advance(TTL.minusMillis(1));
        assertEquals(100, volumeLimit(cache, "1", "10"));
        clock.advance(Duration.ofMillis(1));
        assertEquals(50, volumeLimit(cache, "1", "10"), "at the TTL the entry is looked up again");
    }

    @Test
    void anAnswerOnItsWayWhileTheGuildChangedIsUsedOnceButNotKept() {
        AtomicReference<UniEmitter<? super EffectiveConfiguration>> pending = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        ConfigurationCache cache = new ConfigurationCache((guildId, channelId) -> {
            calls.incrementAndGet();
            return calls.get() == 1
                    ? Uni.createFrom().<EffectiveConfiguration>emitter(emitter -> pending.set(emitter))
                    : Uni.createFrom().item(answer(guildId, channelId, volumeLimit.get()));
        }, TTL, clock);

        var slow = cache.get("1", "10").subscribeAsCompletionStage();
        volumeLimit.set(50);
        cache.invalidate("1");
        pending.get().complete(answer("1", "10", 100));
        assertEquals(100, slow.join().values().get("volumeLimit").asInt(), "the command that asked gets its answer");

        assertEquals(50, volumeLimit(cache, "1", "10"), "the answer read before the change was not kept");
        assertEquals(2, calls.get());
    }

    @Test
    void aSweepFreesExpiredEntriesAndKeepsLiveOnes() {
        ConfigurationCache cache = new ConfigurationCache(this::configService, TTL, clock);
        for (int guild = 0; guild < 1_000; guild++) {
            volumeLimit(cache, Integer.toString(guild), "10");
        }
        clock.advance(TTL.dividedBy(2));
        volumeLimit(cache, "fresh", "10");
        assertEquals(1_001, cache.guildsCached());
        clock.advance(TTL.dividedBy(2));
        cache.sweep();
        assertEquals(1, cache.guildsCached(), "only the guild read within the TTL is left");
        assertEquals(100, volumeLimit(cache, "fresh", "10"));
        assertEquals(1_001, lookups.size(), "and it is still served from memory");
    }
}
