package dev.riff.contracts;

import java.util.Map;

/**
 * The outcome of a playback command, which the gateway words (in the guild's language) as the
 * interaction's reply.
 *
 * @param ok      whether the command did what was asked
 * @param code    a stable outcome code (queued, paused, queue-full, not-playing, ...): the key of the reply's wording
 * @param details the values the wording and richer replies use (title, durationMs, position, queue page, ...)
 */
public record CommandCompleted(String commandId, String guildId, boolean ok, String code, Map<String, Object> details) {

    public CommandCompleted {
        details = details == null ? Map.of() : details;
    }
}
