package dev.riff.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * A member's command for a guild's player, authorized by the gateway.
 *
 * @param commandId      the interaction id: results refer to it, and duplicates are recognised by it
 * @param command        the slash command name (play, pause, skip, voteskip, ...)
 * @param options        the command's options by name, as Discord sent them; read them typed with {@link #options(Class)}
 * @param voiceChannelId the member's voice channel when the command was used, or null
 * @param listeners      members (not bots) in the bot's voice channel, for vote-skip; 0 when unknown
 * @param limits         the server's effective limits in that channel
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
        PlaybackLimits limits,
        Instant requestedAt) {

    public PlaybackCommand {
        options = options == null ? Map.of() : options;
        limits = limits == null ? PlaybackLimits.DEFAULTS : limits;
    }

    /**
     * The options as the command's own type.
     *
     * @throws IllegalArgumentException when they do not fit it (a missing or malformed option)
     */
    public <T extends CommandOptions> T options(Class<T> type) {
        try {
            return CloudEventCodec.mapper().convertValue(options, type);
        } catch (IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException("/" + command + ": " + cause.getMessage(), e);
        }
    }
}
