package dev.riff.gateway.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CommandCompleted;
import dev.riff.contracts.EventTypes;
import dev.riff.gateway.client.DiscordShards;
import dev.riff.gateway.client.HookReplies;
import dev.riff.gateway.service.InteractionRegistry;
import dev.riff.gateway.service.ReplyRenderer;
import dev.riff.support.messaging.CloudEventReader;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
    /**
     * Discord or the connection briefly unavailable is retried (the token lives for 15 minutes);
     * Discord's refusals (unknown webhook or interaction, expired token) are final, since retrying
     * them would hold up every result behind this one.
     */
    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("playback-events", 10)
            .finalWhen(failure -> !PlaybackEventsConsumer.mayPass(failure));

    private final InteractionRegistry registry;
    private final DiscordShards discord;

    PlaybackEventsConsumer(InteractionRegistry registry, DiscordShards discord) {
        this.registry = registry;
        this.discord = discord;
    }

    /** A failure worth retrying: anything but Discord answering that the request itself is refused (4xx). */
    static boolean mayPass(Throwable failure) {
        return !(failure instanceof ErrorResponseException refused) || refused.isServerError();
    }

    @Incoming("playback-events")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, this::reply);
    }

    private Uni<Void> reply(CloudEvent event) {
        if (!EventTypes.COMMAND_COMPLETED.name().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        CommandCompleted result = CloudEventReader.data(event, EventTypes.COMMAND_COMPLETED);
        CloudEventReader.require(result.commandId() != null && result.code() != null, event, "commandId and code are required");
        return registry.find(result.commandId()).chain(claim -> {
            if (claim == null) {
                LOG.debugf("Result for interaction %s arrived after it expired", result.commandId());
                return Uni.createFrom().voidItem();
            }
            var jda = discord.anyShard().orElseThrow(() -> new IllegalStateException("not connected to Discord"));
            var replies = new HookReplies(jda, claim.token(), claim.acknowledgement());
            return result.ok() ? replies.edit(ReplyRenderer.render(result, claim.locale()))
                    : replies.failPrivately(ReplyRenderer.refusal(result, claim.locale()));
        }).replaceWithVoid();
    }
}
