package dev.riff.contracts;

import java.util.List;

/** The catalogue of event types on the fleet's topics. */
public final class EventTypes {

    /** A guild's server configuration changed. Data: {@link ServerConfigurationChanged}. */
    public static final EventType<ServerConfigurationChanged> SERVER_CONFIGURATION_CHANGED = new EventType<>(
            "config.server-configuration-changed.v1", Topic.CONFIG_EVENTS, "server-configuration", ServerConfigurationChanged.class);

    /** A channel's configuration overrides changed. Data: {@link ChannelConfigurationChanged}. */
    public static final EventType<ChannelConfigurationChanged> CHANNEL_CONFIGURATION_CHANGED = new EventType<>(
            "config.channel-configuration-changed.v1", Topic.CONFIG_EVENTS, "channel-configuration", ChannelConfigurationChanged.class);

    /** A feature flag changed (globally or for one guild). Data: {@link FeatureFlagChanged}. */
    public static final EventType<FeatureFlagChanged> FEATURE_FLAG_CHANGED = new EventType<>(
            "config.feature-flag-changed.v1", Topic.CONFIG_EVENTS, "feature-flag", FeatureFlagChanged.class);

    /** config-service applied a guild's subscription tier from billing (caches drop the guild). Data: {@link GuildEntitlement}. */
    public static final EventType<GuildEntitlement> ENTITLEMENT_CHANGED = new EventType<>(
            "config.entitlement-changed.v1", Topic.CONFIG_EVENTS, "guild-entitlement", GuildEntitlement.class);

    /**
     * The tier a guild has from a premium subscription changed (billing → config), keyed by guild.
     * {@code changedAt} strictly increases per guild, which is the order config-service applies them in.
     * Data: {@link GuildEntitlement}.
     */
    public static final EventType<GuildEntitlement> PREMIUM_SERVER_CHANGED = new EventType<>(
            "billing.premium-server-changed.v1", Topic.BILLING_EVENTS, "premium-server", GuildEntitlement.class);

    /** A user's plan, status or grants changed (billing), keyed by user. Data: {@link SubscriptionChanged}. */
    public static final EventType<SubscriptionChanged> SUBSCRIPTION_CHANGED = new EventType<>(
            "billing.subscription-changed.v1", Topic.BILLING_EVENTS, "user-subscription", SubscriptionChanged.class);

    /** A user went over a monthly allowance of their plan (billing), keyed by user. Data: {@link UsageQuotaExceeded}. */
    public static final EventType<UsageQuotaExceeded> USAGE_QUOTA_EXCEEDED = new EventType<>(
            "billing.usage-quota-exceeded.v1", Topic.BILLING_EVENTS, "user-usage", UsageQuotaExceeded.class);

    /** A Discord entitlement was created, updated, deleted or listed (gateway → billing), keyed by user. Data: {@link DiscordEntitlementChanged}. */
    public static final EventType<DiscordEntitlementChanged> DISCORD_ENTITLEMENT_CHANGED = new EventType<>(
            "gateway.entitlement-changed.v1", Topic.GATEWAY_ENTITLEMENTS, "discord-entitlement", DiscordEntitlementChanged.class);

    /** A guild's webhook endpoint was disabled (webhook → gateway, eventstore), keyed by guild. Data: {@link WebhookEndpointDisabled}. */
    public static final EventType<WebhookEndpointDisabled> WEBHOOK_ENDPOINT_DISABLED = new EventType<>(
            "webhook.endpoint-disabled.v1", Topic.WEBHOOK_EVENTS, "webhook-endpoint", WebhookEndpointDisabled.class);

    /** A member's command for a guild's player (gateway → playback), keyed by guild. Data: {@link PlaybackCommand}. */
    public static final EventType<PlaybackCommand> PLAYBACK_COMMAND = new EventType<>(
            "gateway.playback-command.v1", Topic.PLAYBACK_COMMANDS, "guild-player", PlaybackCommand.class);

    /** The bot's voice state in a guild changed (gateway → playback). Data: {@link VoiceStateUpdated}. */
    public static final EventType<VoiceStateUpdated> VOICE_STATE_UPDATED = new EventType<>(
            "gateway.voice-state-updated.v1", Topic.PLAYBACK_COMMANDS, "guild-player", VoiceStateUpdated.class);

    /** Discord assigned a voice server for the bot in a guild (gateway → playback). Data: {@link VoiceServerUpdated}. */
    public static final EventType<VoiceServerUpdated> VOICE_SERVER_UPDATED = new EventType<>(
            "gateway.voice-server-updated.v1", Topic.PLAYBACK_COMMANDS, "guild-player", VoiceServerUpdated.class);

    /** The outcome of a {@link #PLAYBACK_COMMAND} (playback → gateway). Data: {@link CommandCompleted}. */
    public static final EventType<CommandCompleted> COMMAND_COMPLETED = new EventType<>(
            "playback.command-completed.v1", Topic.PLAYBACK_EVENTS, "guild-player", CommandCompleted.class);

    /** A playback node asks the gateway to join, move or leave voice (playback → gateway). Data: {@link VoiceConnectRequested}. */
    public static final EventType<VoiceConnectRequested> VOICE_CONNECT_REQUESTED = new EventType<>(
            "playback.voice-connect-requested.v1", Topic.GATEWAY_REQUESTS, "guild-voice", VoiceConnectRequested.class);

    /** A track began playing in a guild. Data: {@link TrackEvent}. */
    public static final EventType<TrackEvent> TRACK_STARTED = new EventType<>(
            "playback.track-started.v1", Topic.PLAYBACK_EVENTS, "guild-player", TrackEvent.class);

    /** A track stopped playing (finished, skipped, stopped, failed, stuck). Data: {@link TrackEvent}. */
    public static final EventType<TrackEvent> TRACK_ENDED = new EventType<>(
            "playback.track-ended.v1", Topic.PLAYBACK_EVENTS, "guild-player", TrackEvent.class);

    /** A guild's queue changed. Data: {@link QueueChanged}. */
    public static final EventType<QueueChanged> QUEUE_CHANGED = new EventType<>(
            "playback.queue-changed.v1", Topic.PLAYBACK_EVENTS, "guild-player", QueueChanged.class);

    /** A guild player's pause, volume or loop setting changed. Data: {@link PlayerStateChanged}. */
    public static final EventType<PlayerStateChanged> PLAYER_STATE_CHANGED = new EventType<>(
            "playback.player-state-changed.v1", Topic.PLAYBACK_EVENTS, "guild-player", PlayerStateChanged.class);

    /** A segment of the playing track was skipped for SponsorBlock. Data: {@link SegmentSkipped}. */
    public static final EventType<SegmentSkipped> SEGMENT_SKIPPED = new EventType<>(
            "playback.segment-skipped.v1", Topic.PLAYBACK_EVENTS, "guild-player", SegmentSkipped.class);

    public static final List<EventType<?>> ALL = List.of(SERVER_CONFIGURATION_CHANGED, CHANNEL_CONFIGURATION_CHANGED, FEATURE_FLAG_CHANGED, ENTITLEMENT_CHANGED,
            PREMIUM_SERVER_CHANGED, SUBSCRIPTION_CHANGED, USAGE_QUOTA_EXCEEDED, DISCORD_ENTITLEMENT_CHANGED, WEBHOOK_ENDPOINT_DISABLED,
            PLAYBACK_COMMAND, VOICE_STATE_UPDATED,
            VOICE_SERVER_UPDATED, COMMAND_COMPLETED, VOICE_CONNECT_REQUESTED, TRACK_STARTED, TRACK_ENDED, QUEUE_CHANGED,
            PLAYER_STATE_CHANGED, SEGMENT_SKIPPED);

    /** The type of that name, if the catalogue has it. */
    public static java.util.Optional<EventType<?>> named(String name) {
        return ALL.stream().filter(type -> type.name().equals(name)).findFirst();
    }

    private EventTypes() {
    }
}
