package dev.riff.contracts;

import java.util.List;

/** The catalogue of event types on the fleet's topics. */
public final class EventTypes {

    public static final EventType SERVER_CONFIGURATION_CHANGED = new EventType(
            "config.server-configuration-changed.v1", Topic.CONFIG_EVENTS, "server-configuration");

    /** A channel's configuration overrides changed. Data: {@link ChannelConfigurationChanged}. */
    public static final EventType CHANNEL_CONFIGURATION_CHANGED = new EventType(
            "config.channel-configuration-changed.v1", Topic.CONFIG_EVENTS, "channel-configuration");

    /** A feature flag changed (globally or for one guild). Data: {@link FeatureFlagChanged}. */
    public static final EventType FEATURE_FLAG_CHANGED = new EventType(
            "config.feature-flag-changed.v1", Topic.CONFIG_EVENTS, "feature-flag");

    /** config-service applied a guild's subscription tier from billing (caches drop the guild). Data: {@link GuildEntitlement}. */
    public static final EventType ENTITLEMENT_CHANGED = new EventType(
            "config.entitlement-changed.v1", Topic.CONFIG_EVENTS, "guild-entitlement");

    /** The tier a guild has from a premium subscription changed (billing → config), keyed by guild. Data: {@link GuildEntitlement}. */
    public static final EventType PREMIUM_SERVER_CHANGED = new EventType(
            "billing.premium-server-changed.v1", Topic.BILLING_EVENTS, "premium-server");

    /** A member's command for a guild's player (gateway → playback), keyed by guild. Data: {@link PlaybackCommand}. */
    public static final EventType PLAYBACK_COMMAND = new EventType(
            "gateway.playback-command.v1", Topic.PLAYBACK_COMMANDS, "guild-player");

    /** The bot's voice state in a guild changed (gateway → playback). Data: {@link VoiceStateUpdated}. */
    public static final EventType VOICE_STATE_UPDATED = new EventType(
            "gateway.voice-state-updated.v1", Topic.PLAYBACK_COMMANDS, "guild-player");

    /** Discord assigned a voice server for the bot in a guild (gateway → playback). Data: {@link VoiceServerUpdated}. */
    public static final EventType VOICE_SERVER_UPDATED = new EventType(
            "gateway.voice-server-updated.v1", Topic.PLAYBACK_COMMANDS, "guild-player");

    /** The outcome of a {@link #PLAYBACK_COMMAND} (playback → gateway). Data: {@link CommandCompleted}. */
    public static final EventType COMMAND_COMPLETED = new EventType(
            "playback.command-completed.v1", Topic.PLAYBACK_EVENTS, "guild-player");

    /** A playback node asks the gateway to join, move or leave voice (playback → gateway). Data: {@link VoiceConnectRequested}. */
    public static final EventType VOICE_CONNECT_REQUESTED = new EventType(
            "playback.voice-connect-requested.v1", Topic.GATEWAY_REQUESTS, "guild-voice");

    /** A track began playing in a guild. Data: {@link TrackEvent}. */
    public static final EventType TRACK_STARTED = new EventType(
            "playback.track-started.v1", Topic.PLAYBACK_EVENTS, "guild-player");

    /** A track stopped playing (finished, skipped, stopped, failed, stuck). Data: {@link TrackEvent}. */
    public static final EventType TRACK_ENDED = new EventType(
            "playback.track-ended.v1", Topic.PLAYBACK_EVENTS, "guild-player");

    /** A guild's queue changed. Data: {@link QueueChanged}. */
    public static final EventType QUEUE_CHANGED = new EventType(
            "playback.queue-changed.v1", Topic.PLAYBACK_EVENTS, "guild-player");

    /** A guild player's pause, volume or loop setting changed. Data: {@link PlayerStateChanged}. */
    public static final EventType PLAYER_STATE_CHANGED = new EventType(
            "playback.player-state-changed.v1", Topic.PLAYBACK_EVENTS, "guild-player");

    public static final List<EventType> ALL = List.of(SERVER_CONFIGURATION_CHANGED, CHANNEL_CONFIGURATION_CHANGED, FEATURE_FLAG_CHANGED, ENTITLEMENT_CHANGED,
            PREMIUM_SERVER_CHANGED, PLAYBACK_COMMAND, VOICE_STATE_UPDATED,
            VOICE_SERVER_UPDATED, COMMAND_COMPLETED, VOICE_CONNECT_REQUESTED, TRACK_STARTED, TRACK_ENDED, QUEUE_CHANGED,
            PLAYER_STATE_CHANGED);

    private EventTypes() {
    }
}
