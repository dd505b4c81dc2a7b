package dev.riff.support.rest;

/** A Discord id (guild, channel, user, role) as every service's API takes it: 17 to 20 digits. */
public final class Snowflake {

    public static final String PATTERN = "[0-9]{17,20}";
    public static final String MESSAGE = "must be a Discord snowflake id";

    private Snowflake() {
    }
}
