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
import java.time.Duration;
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

    /**
     * A record that cannot be read is set aside at once (dead-letter topic); one that fails to apply
     * (PostgreSQL unavailable, say) is retried in place, so the guild's order holds, and set aside only
     * after its retries: never dropped, and the stream never stops. Applying twice is harmless, a
     * command id already processed is not applied again.
     */
    @Incoming("playback-commands")
    public Uni<Void> consume(String record) {
        Uni<Void> applied;
        String what;
        try {
            CloudEvent event = CloudEventCodec.read(record);
            what = event.type() + " for guild " + event.partitionkey();
            applied = apply(event);
        } catch (IllegalArgumentException unreadable) {
            LOG.errorf("A playback.commands record cannot be read, dead-lettered: %s", unreadable.getMessage());
            return Uni.createFrom().failure(unreadable);
        }
        return applied.onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .onFailure().invoke(failure -> LOG.errorf(failure, "Applying %s still failed after retries, dead-lettered", what));
    }

    private Uni<Void> apply(CloudEvent event) {
        var mapper = CloudEventCodec.mapper();
        if (EventTypes.PLAYBACK_COMMAND.name().equals(event.type())) {
            PlaybackCommand command = mapper.convertValue(event.data(), PlaybackCommand.class);
            return Uni.createFrom().deferred(() -> playback.command(command));
        } else if (EventTypes.VOICE_SERVER_UPDATED.name().equals(event.type())) {
            VoiceServerUpdated update = mapper.convertValue(event.data(), VoiceServerUpdated.class);
            return Uni.createFrom().deferred(() -> playback.voiceServer(update));
        } else if (EventTypes.VOICE_STATE_UPDATED.name().equals(event.type())) {
            VoiceStateUpdated update = mapper.convertValue(event.data(), VoiceStateUpdated.class);
            return Uni.createFrom().deferred(() -> playback.voiceState(update));
        }
        return Uni.createFrom().voidItem();
    }
}
