package dev.riff.gateway.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.CommandCompleted;
import dev.riff.contracts.EventTypes;
import dev.riff.gateway.client.DiscordShards;
import dev.riff.gateway.client.HookReplies;
import dev.riff.gateway.service.InteractionRegistry;
import dev.riff.gateway.service.ReplyRenderer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Command results from playback nodes become the edits of the deferred replies. Any gateway pod may
 * take any result: the interaction token in Redis is all an edit needs.
 */
@ApplicationScoped
public class PlaybackEventsConsumer {

    private static final Logger LOG = Logger.getLogger(PlaybackEventsConsumer.class);

    private final InteractionRegistry registry;
    private final DiscordShards discord;

    PlaybackEventsConsumer(InteractionRegistry registry, DiscordShards discord) {
        this.registry = registry;
        this.discord = discord;
    }

    /** The result, or null when its data cannot be read or lacks what a reply needs. */
    private static CommandCompleted readable(CloudEvent event) {
        try {
            CommandCompleted result = CloudEventCodec.mapper().convertValue(event.data(), CommandCompleted.class);
            return result == null || result.commandId() == null || result.message() == null ? null : result;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** A failure worth retrying: anything but Discord answering that the request itself is refused (4xx). */
    static boolean mayPass(Throwable failure) {
        return !(failure instanceof ErrorResponseException refused) || refused.isServerError();
    }

    @Incoming("playback-events")
    public Uni<Void> consume(String record) {
        CloudEvent event;
        try {
            event = CloudEventCodec.read(record);
        } catch (IllegalArgumentException malformed) {
            LOG.errorf("Skipping a record that is not a CloudEvent: %s", malformed.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!EventTypes.COMMAND_COMPLETED.name().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        CommandCompleted result = readable(event);
        if (result == null) {
            // Thrown here it would stop the channel: one bad record must not end every reply.
            LOG.errorf("Skipping result %s whose data cannot be read", event.id());
            return Uni.createFrom().voidItem();
        }
        return registry.find(result.commandId()).chain(claim -> {
            if (claim == null) {
                LOG.debugf("Result for interaction %s arrived after it expired", result.commandId());
                return Uni.createFrom().voidItem();
            }
            var jda = discord.anyShard().orElseThrow(() -> new IllegalStateException("not connected to Discord"));
            var replies = new HookReplies(jda, claim.token(), claim.acknowledgement());
            return result.ok() ? replies.edit(ReplyRenderer.render(result)) : replies.failPrivately(result.message());
        })
                // Discord or the connection briefly unavailable: retry; the token lives for 15 minutes. Discord's
                // refusals (unknown webhook or interaction, expired token) are final: retrying them would hold up
                // every result behind this one.
                .onFailure(PlaybackEventsConsumer::mayPass).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(10)
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("Could not deliver the result of interaction %s: %s", result.commandId(), failure.getMessage());
                    return null;
                });
    }
}
