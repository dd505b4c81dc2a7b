package dev.riff.playback.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.contracts.VoiceServerUpdated;
import dev.riff.contracts.VoiceStateUpdated;
import dev.riff.playback.service.PlaybackService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * A guild's ordered stream: commands and voice updates arrive here in order, one at a time, on the
 * node holding the guild's partition.
 */
@ApplicationScoped
public class PlaybackCommandsConsumer {

    private static final Logger LOG = Logger.getLogger(PlaybackCommandsConsumer.class);

    private final PlaybackService playback;

    PlaybackCommandsConsumer(PlaybackService playback) {
        this.playback = playback;
    }

    @Incoming("playback-commands")
    public Uni<Void> consume(String record) {
        CloudEvent event;
        try {
            event = CloudEventCodec.read(record);
        } catch (IllegalArgumentException malformed) {
            LOG.errorf("Skipping a record that is not a CloudEvent: %s", malformed.getMessage());
            return Uni.createFrom().voidItem();
        }
        var mapper = CloudEventCodec.mapper();
        Uni<Void> applied;
        if (EventTypes.PLAYBACK_COMMAND.name().equals(event.type())) {
            applied = playback.command(mapper.convertValue(event.data(), PlaybackCommand.class));
        } else if (EventTypes.VOICE_SERVER_UPDATED.name().equals(event.type())) {
            applied = playback.voiceServer(mapper.convertValue(event.data(), VoiceServerUpdated.class));
        } else if (EventTypes.VOICE_STATE_UPDATED.name().equals(event.type())) {
            applied = playback.voiceState(mapper.convertValue(event.data(), VoiceStateUpdated.class));
        } else {
            applied = Uni.createFrom().voidItem();
        }
        return applied.onFailure().recoverWithItem(failure -> {
            LOG.errorf(failure, "Applying %s for guild %s failed", event.type(), event.partitionkey());
            return null;
        });
    }
}
