package dev.riff.gateway.domain;

import java.util.Map;
import java.util.Set;

/**
 * A member's use of a command, however it arrived (gateway event or HTTP interaction): who, where,
 * what, and the facts authorization needs.
 *
 * @param command          the command name, e.g. {@code play}; for {@code /config set} it is {@code config} with subcommand {@code set}
 * @param options          option values by name
 * @param memberPermissions the member's guild permissions (Discord bit set)
 * @param voiceChannelId   the member's voice channel, or null
 * @param botVoiceChannelId the bot's voice channel in the guild, or null
 * @param listeners        non-bot members in the bot's voice channel
 * @param fromButton       pressed on a control button: replies update that message
 * @param locale           Discord's locale for the guild ({@code guild_locale}), or the member's when the guild has none; may be null
 */
public record CommandRequest(
        String interactionId,
        String interactionToken,
        String guildId,
        String channelId,
        String userId,
        Set<String> memberRoleIds,
        long memberPermissions,
        String voiceChannelId,
        String botVoiceChannelId,
        int listeners,
        String command,
        String subcommand,
        Map<String, Object> options,
        boolean fromButton,
        String locale) {

    /** Discord's MANAGE_GUILD ("Manage Server") and ADMINISTRATOR bits. */
    public static final long MANAGE_GUILD = 1L << 5;
    public static final long ADMINISTRATOR = 1L << 3;

    public boolean canManageServer() {
        return (memberPermissions & (MANAGE_GUILD | ADMINISTRATOR)) != 0;
    }

    public String option(String name) {
        Object value = options.get(name);
        return value == null ? null : value.toString();
    }
}
