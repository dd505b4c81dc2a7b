package dev.riff.gateway.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.WebhookEndpointDisabled;
import dev.riff.gateway.client.DiscordShards;
import dev.riff.gateway.domain.Reply;
import dev.riff.gateway.service.Wording;
import dev.riff.support.messaging.CloudEventReader;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Tells a guild's admins that webhook-service disabled one of their endpoints: a message in the
 * server's system channel (or its default channel), from the pod whose shard holds the guild. Every
 * pod reads every notice (a group of its own) and acts on its own guilds.
 */
@ApplicationScoped
public class WebhookNoticesConsumer {

    private static final Logger LOG = Logger.getLogger(WebhookNoticesConsumer.class);
    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("webhook-events", 3);

    private final DiscordShards discord;

    WebhookNoticesConsumer(DiscordShards discord) {
        this.discord = discord;
    }

    @Incoming("webhook-events")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.WEBHOOK_ENDPOINT_DISABLED.name().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        WebhookEndpointDisabled notice = CloudEventReader.data(event, EventTypes.WEBHOOK_ENDPOINT_DISABLED);
        CloudEventReader.require(notice.guildId() != null && notice.guildId().matches("[0-9]{17,20}") && notice.url() != null,
                event, "guildId and url are required");
        discord.guild(notice.guildId()).ifPresent(guild -> tell(guild, notice));
        return Uni.createFrom().voidItem();
    }

    private static void tell(Guild guild, WebhookEndpointDisabled notice) {
        TextChannel channel = guild.getSystemChannel() != null && guild.getSystemChannel().canTalk() ? guild.getSystemChannel()
                : guild.getTextChannels().stream().filter(TextChannel::canTalk).findFirst().orElse(null);
        if (channel == null) {
            LOG.warnf("Guild %s has no channel the bot may write in; webhook endpoint %s was disabled: %s",
                    guild.getId(), notice.endpointId(), notice.reason());
            return;
        }
        String text = Wording.text(Wording.language(null, guild.getLocale().getLocale()),
                Reply.of("webhooks-endpoint-disabled", "url", notice.url(), "reason", notice.reason()));
        channel.sendMessage(text).queue(sent -> { }, failure -> LOG.warnf("Could not tell guild %s about its disabled endpoint: %s",
                guild.getId(), failure.getMessage()));
    }
}
