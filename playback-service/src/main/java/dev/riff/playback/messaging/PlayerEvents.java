package dev.riff.playback.messaging;

import dev.riff.contracts.CommandCompleted;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.PlayerStateChanged;
import dev.riff.contracts.QueueChanged;
import dev.riff.contracts.SegmentSkipped;
import dev.riff.contracts.TrackEvent;
import dev.riff.contracts.VoiceConnectRequested;
import dev.riff.playback.domain.GuildPlayer;
import dev.riff.support.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** What a guild's player announces, through the outbox in the transaction of the change. */
@ApplicationScoped
public class PlayerEvents {

    private final Outbox outbox;

    PlayerEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> commandCompleted(String commandId, String guildId, boolean ok, String code, Map<String, Object> details) {
        return outbox.publish(EventTypes.COMMAND_COMPLETED, guildId, guildId, new CommandCompleted(commandId, guildId, ok, code, details))
                .replaceWithVoid();
    }

    public Uni<Void> stateChanged(GuildPlayer player) {
        return outbox.publish(EventTypes.PLAYER_STATE_CHANGED, player.guildId, player.guildId,
                new PlayerStateChanged(player.guildId, player.paused, player.volume, player.loopMode, player.filter)).replaceWithVoid();
    }

    public Uni<Void> queueChanged(String guildId, long length, String change) {
        return outbox.publish(EventTypes.QUEUE_CHANGED, guildId, guildId, new QueueChanged(guildId, (int) length, change)).replaceWithVoid();
    }

    /** Asks the gateway to join {@code channelId}, or to leave voice when it is null. */
    public Uni<Void> voiceRequested(String guildId, String channelId) {
        return outbox.publish(EventTypes.VOICE_CONNECT_REQUESTED, guildId, guildId, new VoiceConnectRequested(guildId, channelId))
                .replaceWithVoid();
    }

    public Uni<Void> trackStarted(TrackEvent event) {
        return outbox.publish(EventTypes.TRACK_STARTED, event.guildId(), event.guildId(), event).replaceWithVoid();
    }

    public Uni<Void> segmentSkipped(SegmentSkipped event) {
        return outbox.publish(EventTypes.SEGMENT_SKIPPED, event.guildId(), event.guildId(), event).replaceWithVoid();
    }

    public Uni<Void> trackEnded(TrackEvent event) {
        return outbox.publish(EventTypes.TRACK_ENDED, event.guildId(), event.guildId(), event).replaceWithVoid();
    }
}
