package dev.riff.devkit.discord;

import java.util.concurrent.atomic.AtomicLong;

/** Discord snowflakes: milliseconds since the Discord epoch in the top 42 bits, then a sequence. */
public final class Snowflakes {

    public static final long DISCORD_EPOCH = 1420070400000L;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Snowflakes() {
    }

    public static String next() {
        long millis = System.currentTimeMillis() - DISCORD_EPOCH;
        return Long.toString((millis << 22) | (SEQUENCE.incrementAndGet() & 0x3FFFFF));
    }

    /** The shard a guild belongs to, as Discord computes it. */
    public static int shardOf(String guildId, int shardCount) {
        return (int) ((Long.parseLong(guildId) >> 22) % shardCount);
    }
}
