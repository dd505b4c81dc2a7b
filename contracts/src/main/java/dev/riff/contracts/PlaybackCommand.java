package dev.riff.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * A member's command for a guild's player, authorized by the gateway.
 *
 * @param commandId      the interaction id: results refer to it, and duplicates are recognised by it
 * @param command        the slash command name (play, pause, skip, voteskip, ...)
 * @param options        the command's options by name (strings, numbers, booleans)
 * @param voiceChannelId the member's voice channel when the command was used, or null
 * @param listeners      members (not bots) in the bot's voice channel, for vote-skip; 0 when unknown
 * @param limits         the effective limits the command must respect (volumeLimit, maxQueueSize, maxSongDuration, voteSkipThreshold, ...)
 */
public record PlaybackCommand(
        String commandId,
        String guildId,
        String textChannelId,
        String userId,
        String voiceChannelId,
        String command,
        Map<String, Object> options,
        int listeners,
        Map<String, Object> limits,
        Instant requestedAt) {
}
