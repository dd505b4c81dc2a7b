package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.devkit.discord.DiscordState.Channel;
import dev.riff.devkit.discord.DiscordState.Guild;
import dev.riff.devkit.discord.DiscordState.Member;
import dev.riff.devkit.discord.DiscordState.Role;
import dev.riff.devkit.discord.DiscordState.User;
import dev.riff.devkit.discord.DiscordState.VoiceState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Discord API objects as the documentation describes them, with every field clients rely on. */
public final class DiscordJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    private DiscordJson() {
    }

    public static String timestamp(Instant instant) {
        return ISO.format(instant);
    }

    public static ObjectNode user(User user) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", user.id());
        node.put("username", user.username());
        node.put("global_name", user.bot() ? null : user.username());
        node.put("discriminator", "0");
        node.putNull("avatar");
        node.put("bot", user.bot());
        node.put("system", false);
        node.put("public_flags", 0);
        node.put("flags", 0);
        node.putNull("banner");
        node.putNull("accent_color");
        node.putNull("avatar_decoration_data");
        return node;
    }

    public static ObjectNode selfUser(User user) {
        ObjectNode node = user(user);
        node.put("verified", true);
        node.put("mfa_enabled", false);
        node.putNull("email");
        node.put("locale", "en-US");
        return node;
    }

    public static ObjectNode role(Role role) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", role.id());
        node.put("name", role.name());
        node.put("color", 0);
        ObjectNode colors = node.putObject("colors");
        colors.put("primary_color", 0);
        colors.putNull("secondary_color");
        colors.putNull("tertiary_color");
        node.put("hoist", false);
        node.putNull("icon");
        node.putNull("unicode_emoji");
        node.put("position", role.position());
        node.put("permissions", Long.toString(role.permissions()));
        node.put("managed", false);
        node.put("mentionable", false);
        node.put("flags", 0);
        return node;
    }

    public static ObjectNode channel(Channel channel) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", channel.id());
        node.put("type", channel.type().code);
        node.put("guild_id", channel.guildId());
        node.put("name", channel.name());
        node.put("position", channel.position());
        node.putArray("permission_overwrites");
        node.putNull("parent_id");
        node.put("flags", 0);
        node.put("nsfw", false);
        switch (channel.type()) {
            case TEXT -> {
                node.putNull("topic");
                node.putNull("last_message_id");
                node.put("rate_limit_per_user", 0);
                node.put("default_thread_rate_limit_per_user", 0);
                node.put("default_auto_archive_duration", 1440);
            }
            case VOICE -> {
                node.put("bitrate", 64000);
                node.put("user_limit", 0);
                node.putNull("rtc_region");
                node.put("video_quality_mode", 1);
                node.putNull("last_message_id");
                node.put("rate_limit_per_user", 0);
            }
            case CATEGORY -> {
            }
        }
        return node;
    }

    public static ObjectNode member(Guild guild, Member member, boolean withUser) {
        ObjectNode node = MAPPER.createObjectNode();
        if (withUser) {
            node.set("user", user(member.user()));
        }
        node.putNull("nick");
        node.putNull("avatar");
        node.putNull("banner");
        ArrayNode roles = node.putArray("roles");
        member.roleIds().forEach(roles::add);
        node.put("joined_at", timestamp(Instant.ofEpochMilli(Snowflakes.DISCORD_EPOCH + (Long.parseLong(guild.id) >> 22))));
        node.putNull("premium_since");
        node.put("deaf", false);
        node.put("mute", false);
        node.put("flags", 0);
        node.put("pending", false);
        node.putNull("communication_disabled_until");
        node.putNull("avatar_decoration_data");
        return node;
    }

    /** A member as interactions carry it: with the member's permissions in the channel. */
    public static ObjectNode interactionMember(Guild guild, Member member) {
        ObjectNode node = member(guild, member, true);
        node.put("permissions", Long.toString(guild.permissionsOf(member.user().id())));
        return node;
    }

    public static ObjectNode voiceState(Guild guild, VoiceState state) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("guild_id", state.guildId());
        node.put("channel_id", state.channelId());
        node.put("user_id", state.userId());
        Member member = guild.members.get(state.userId());
        if (member != null) {
            node.set("member", member(guild, member, true));
        }
        node.put("session_id", state.sessionId());
        node.put("deaf", false);
        node.put("mute", false);
        node.put("self_deaf", state.selfDeaf());
        node.put("self_mute", state.selfMute());
        node.put("self_stream", false);
        node.put("self_video", false);
        node.put("suppress", false);
        node.putNull("request_to_speak_timestamp");
        return node;
    }

    /** The GUILD_CREATE payload: the full guild with channels, roles, members and voice states. */
    public static ObjectNode guildCreate(Guild guild) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", guild.id);
        node.put("name", guild.name);
        node.putNull("icon");
        node.putNull("splash");
        node.putNull("discovery_splash");
        node.putNull("banner");
        node.putNull("description");
        node.put("owner_id", guild.ownerId);
        node.putNull("afk_channel_id");
        node.put("afk_timeout", 300);
        node.put("widget_enabled", false);
        node.put("verification_level", 0);
        node.put("default_message_notifications", 0);
        node.put("explicit_content_filter", 0);
        node.put("mfa_level", 0);
        node.put("nsfw_level", 0);
        node.put("premium_tier", 0);
        node.put("premium_subscription_count", 0);
        node.put("premium_progress_bar_enabled", false);
        node.putNull("system_channel_id");
        node.put("system_channel_flags", 0);
        node.putNull("rules_channel_id");
        node.putNull("public_updates_channel_id");
        node.putNull("safety_alerts_channel_id");
        node.putNull("vanity_url_code");
        node.put("preferred_locale", guild.preferredLocale);
        node.putNull("max_members");
        node.putNull("max_presences");
        node.put("max_video_channel_users", 25);
        node.put("max_stage_video_channel_users", 50);
        node.putNull("application_id");
        node.put("nsfw", false);
        node.putArray("features");
        node.putArray("emojis");
        node.putArray("stickers");
        node.putArray("threads");
        node.putArray("presences");
        node.putArray("stage_instances");
        node.putArray("guild_scheduled_events");
        node.putArray("soundboard_sounds");
        node.putArray("embedded_activities");
        node.put("joined_at", timestamp(Instant.now()));
        node.put("large", false);
        node.put("unavailable", false);
        node.put("member_count", guild.members.size());
        node.put("lazy", true);
        ArrayNode roles = node.putArray("roles");
        guild.roles.values().forEach(r -> roles.add(role(r)));
        ArrayNode channels = node.putArray("channels");
        guild.channels.values().forEach(c -> {
            ObjectNode channel = channel(c);
            channel.remove("guild_id");
            channels.add(channel);
        });
        ArrayNode members = node.putArray("members");
        guild.members.values().forEach(m -> members.add(member(guild, m, true)));
        ArrayNode voiceStates = node.putArray("voice_states");
        guild.voiceStates.values().forEach(v -> {
            ObjectNode state = voiceState(guild, v);
            state.remove("guild_id");
            voiceStates.add(state);
        });
        return node;
    }

    /** A message as REST returns it. {@code body} holds what the bot sent (content, embeds, components, flags). */
    public static ObjectNode message(DiscordState.Message message, User author, String guildId) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", message.id());
        node.put("channel_id", message.channelId());
        if (guildId != null) {
            node.put("guild_id", guildId);
        }
        node.set("author", user(author));
        Map<String, Object> body = message.body();
        node.put("content", String.valueOf(body.getOrDefault("content", "")));
        node.put("timestamp", timestamp(Instant.ofEpochMilli(Snowflakes.DISCORD_EPOCH + (Long.parseLong(message.id()) >> 22))));
        Object edited = body.get("edited_timestamp");
        node.put("edited_timestamp", edited == null ? null : edited.toString());
        node.put("tts", false);
        node.put("mention_everyone", false);
        node.putArray("mentions");
        node.putArray("mention_roles");
        node.putArray("mention_channels");
        node.putArray("attachments");
        node.set("embeds", MAPPER.valueToTree(body.getOrDefault("embeds", java.util.List.of())));
        node.set("components", MAPPER.valueToTree(body.getOrDefault("components", java.util.List.of())));
        node.putArray("reactions");
        node.put("pinned", false);
        node.put("type", message.interactionId() != null ? 20 : 0);
        node.put("flags", ((Number) body.getOrDefault("flags", 0)).intValue());
        if (message.interactionId() != null) {
            node.put("application_id", author.id());
            node.put("webhook_id", author.id());
        }
        return node;
    }

    /** A SKU as List SKUs returns it. */
    public static ObjectNode sku(DiscordState.Sku sku, String applicationId) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", sku.id());
        node.put("type", sku.type());
        node.putNull("dependent_sku_id");
        node.put("application_id", applicationId);
        node.putNull("manifest_labels");
        node.put("access_type", 1);
        node.put("name", sku.name());
        node.putArray("features");
        node.putNull("release_date");
        node.put("premium", false);
        node.put("slug", sku.slug());
        node.put("flags", sku.flags());
        node.put("show_age_gate", false);
        return node;
    }

    /**
     * An entitlement as REST and the gateway carry it. Test entitlements have no starts_at or ends_at
     * (Discord: "valid in perpetuity"); a subscription's ends_at is null until it has an end.
     */
    public static ObjectNode entitlement(DiscordState.Entitlement entitlement, String applicationId) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", entitlement.id());
        node.put("sku_id", entitlement.skuId());
        node.put("application_id", applicationId);
        node.put("user_id", entitlement.userId());
        node.put("guild_id", entitlement.guildId());
        node.put("type", entitlement.type());
        node.put("deleted", entitlement.deleted());
        node.put("consumed", entitlement.consumed());
        if (entitlement.type() != DiscordState.ENTITLEMENT_TEST_MODE_PURCHASE) {
            node.put("starts_at", entitlement.startsAt() == null ? null : timestamp(entitlement.startsAt()));
            node.put("ends_at", entitlement.endsAt() == null ? null : timestamp(entitlement.endsAt()));
        }
        return node;
    }

    public static ObjectNode error(int code, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("message", message);
        node.put("code", code);
        return node;
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }
}
