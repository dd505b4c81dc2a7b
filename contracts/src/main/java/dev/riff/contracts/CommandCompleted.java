package dev.riff.contracts;

import java.util.Map;

/**
 * The outcome of a playback command, which the gateway turns into the interaction's reply.
 *
 * @param ok      whether the command did what was asked
 * @param code    a stable outcome code (queued, paused, queue-full, not-playing, ...)
 * @param message the text a member reads
 * @param details structured data for richer replies (track, position, queue page, ...)
 */
public record CommandCompleted(String commandId, String guildId, boolean ok, String code, String message, Map<String, Object> details) {
}
