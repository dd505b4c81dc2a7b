package dev.riff.playback.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.playback.service.PlaybackService;
import dev.riff.playback.service.VoiceService;
import dev.riff.support.messaging.CloudEventReader;
import dev.riff.support.messaging.ConsumerPolicy;
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
    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("playback-commands", 8);

    private final PlaybackService playback;
    private final VoiceService voice;

    PlaybackCommandsConsumer(PlaybackService playback, VoiceService voice) {
        this.playback = playback;
        this.voice = voice;
    }

    /**
     * A record that cannot be read is set aside at once (playback.dead-letter); one that fails to
     * apply (PostgreSQL unavailable, say) is retried in place, so the guild's order holds, and set
     * aside after 8 tries (about 25 s), its member told it failed. Applying twice is harmless: a command
     * id already processed is not applied again.
     */
    @Incoming("playback-commands")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, this::apply).onFailure().call(failure -> answerSetAside(record));
    }

    /** The member of a command set aside is told it failed (best effort: the failure may be PostgreSQL itself). */
    private Uni<Void> answerSetAside(String record) {
        PlaybackCommand command;
        try {
            CloudEvent event = CloudEventReader.event(record);
            if (!EventTypes.PLAYBACK_COMMAND.name().equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            command = CloudEventReader.data(event, EventTypes.PLAYBACK_COMMAND);
        } catch (RuntimeException unreadable) {
            return Uni.createFrom().voidItem();
        }
        if (command.commandId() == null || command.guildId() == null) {
            return Uni.createFrom().voidItem();
        }
        return playback.failed(command).onFailure().recoverWithItem(failure -> {
            LOG.errorf("Command %s of guild %s was set aside and its member could not be told: %s", command.commandId(), command.guildId(), failure);
            return null;
        });
    }

    private Uni<Void> apply(CloudEvent event) {
        if (EventTypes.PLAYBACK_COMMAND.name().equals(event.type())) {
            PlaybackCommand command = CloudEventReader.data(event, EventTypes.PLAYBACK_COMMAND);
            CloudEventReader.require(command.commandId() != null && command.guildId() != null && command.command() != null, event,
                    "commandId, guildId and command are required");
            return playback.command(command);
        } else if (EventTypes.VOICE_SERVER_UPDATED.name().equals(event.type())) {
            return voice.voiceServer(CloudEventReader.data(event, EventTypes.VOICE_SERVER_UPDATED));
        } else if (EventTypes.VOICE_STATE_UPDATED.name().equals(event.type())) {
            return voice.voiceState(CloudEventReader.data(event, EventTypes.VOICE_STATE_UPDATED));
        }
        return Uni.createFrom().voidItem();
    }
}
