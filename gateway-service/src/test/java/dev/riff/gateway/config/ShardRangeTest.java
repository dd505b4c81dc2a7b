package dev.riff.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A StatefulSet pod's shards from its index: consecutive, covering every shard once, none empty. */
class ShardRangeTest {

    @Test
    void podsTakeConsecutiveRangesAndTheLastTakesWhatIsLeft() {
        assertEquals(List.of(0, 1, 2, 3), DiscordConfig.shardRange(0, 4, 10));
        assertEquals(List.of(4, 5, 6, 7), DiscordConfig.shardRange(1, 4, 10));
        assertEquals(List.of(8, 9), DiscordConfig.shardRange(2, 4, 10));
        assertEquals(List.of(0), DiscordConfig.shardRange(0, 1, 1));
    }

    @Test
    void aPodBeyondTheShardsOrWithoutAFixedTotalRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> DiscordConfig.shardRange(3, 4, 10));
        assertThrows(IllegalStateException.class, () -> DiscordConfig.shardRange(0, 4, -1));
        assertThrows(IllegalStateException.class, () -> DiscordConfig.shardRange(-1, 4, 10));
    }
}
