package dev.riff.playback.command;

import java.util.Map;

/**
 * What a command did: a stable code the gateway words, the values the wording uses, and what to
 * do to the live player once the change has been committed.
 */
public record Outcome(boolean ok, String code, Map<String, Object> details, Runnable afterCommit) {

    private static final Runnable NOTHING = () -> { };

    public static Outcome done(String code) {
        return new Outcome(true, code, Map.of(), NOTHING);
    }

    public static Outcome done(String code, Map<String, Object> details) {
        return new Outcome(true, code, details, NOTHING);
    }

    public static Outcome refused(String code) {
        return new Outcome(false, code, Map.of(), NOTHING);
    }

    public static Outcome refused(String code, Map<String, Object> details) {
        return new Outcome(false, code, details, NOTHING);
    }

    /** The same outcome, with {@code effect} applied to the live player after commit. */
    public Outcome then(Runnable effect) {
        return new Outcome(ok, code, details, effect);
    }
}
