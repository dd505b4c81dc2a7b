package dev.riff.gateway.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.VoiceConnectRequested;
import dev.riff.gateway.client.DiscordShards;
import dev.riff.support.messaging.CloudEventReader;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.middleman.AudioChannel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Join, move and leave requests from playback nodes. Only the shard holding a guild can send its
 * op 4, so every gateway pod reads every request (its own consumer group) and acts on its guilds.
 * A request that cannot be read goes to gateway.dead-letter, so one bad record never ends voice for
 * every guild.
 */
@ApplicationScoped
public class GatewayRequestsConsumer {

    private static final Logger LOG = Logger.getLogger(GatewayRequestsConsumer.class);
    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("gateway-requests", 3);
    private static final String SNOWFLAKE = "[0-9]{17,20}";

    private final DiscordShards discord;

    GatewayRequestsConsumer(DiscordShards discord) {
        this.discord = discord;
    }

    @Incoming("gateway-requests")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        if (EventTypes.VOICE_CONNECT_REQUESTED.name().equals(event.type())) {
            VoiceConnectRequested request = CloudEventReader.data(event, EventTypes.VOICE_CONNECT_REQUESTED);
            CloudEventReader.require(request.guildId() != null && request.guildId().matches(SNOWFLAKE)
                    && (request.channelId() == null || request.channelId().matches(SNOWFLAKE)), event,
                    "guildId and channelId must be snowflakes");
            discord.guild(request.guildId()).ifPresent(guild -> connect(guild, request));
        }
        return Uni.createFrom().voidItem();
    }

    private static void connect(Guild guild, VoiceConnectRequested request) {
        var audio = guild.getJDA().getDirectAudioController();
        if (request.channelId() == null) {
            audio.disconnect(guild);
            return;
        }
        AudioChannel channel = guild.getChannelById(AudioChannel.class, request.channelId());
        if (channel == null) {
            LOG.warnf("Guild %s has no voice channel %s to join", request.guildId(), request.channelId());
            return;
        }
        audio.connect(channel);
    }
}
