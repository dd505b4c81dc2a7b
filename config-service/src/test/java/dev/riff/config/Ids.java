package dev.riff.config;

import java.util.concurrent.ThreadLocalRandom;

final class Ids {

    private Ids() {
    }

    /** A fresh Discord-style id, so tests never share a guild. */
    static String snowflake() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }
}
