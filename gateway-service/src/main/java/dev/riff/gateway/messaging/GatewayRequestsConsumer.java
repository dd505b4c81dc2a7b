package dev.riff.gateway.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.VoiceConnectRequested;
import dev.riff.gateway.client.DiscordShards;
import jakarta.enterprise.context.ApplicationScoped;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.middleman.AudioChannel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Join, move and leave requests from playback nodes. Only the shard holding a guild can send its
 * op 4, so every gateway pod reads every request (its own consumer group) and acts on its guilds.
 */
@ApplicationScoped
public class GatewayRequestsConsumer {

    private static final Logger LOG = Logger.getLogger(GatewayRequestsConsumer.class);

    private final DiscordShards discord;

    GatewayRequestsConsumer(DiscordShards discord) {
        this.discord = discord;
    }

    @Incoming("gateway-requests")
    public void consume(String record) {
        CloudEvent event;
        try {
            event = CloudEventCodec.read(record);
        } catch (IllegalArgumentException malformed) {
            LOG.errorf("Skipping a record that is not a CloudEvent: %s", malformed.getMessage());
            return;
        }
        if (!EventTypes.VOICE_CONNECT_REQUESTED.name().equals(event.type())) {
            return;
        }
        VoiceConnectRequested request;
        try {
            request = CloudEventCodec.mapper().convertValue(event.data(), VoiceConnectRequested.class);
        } catch (IllegalArgumentException malformed) {
            request = null;
        }
        if (request == null || request.guildId() == null || !request.guildId().matches("[0-9]{17,20}")
                || request.channelId() != null && !request.channelId().matches("[0-9]{17,20}")) {
            // Thrown here it would stop the channel: one bad record must not end voice for every guild.
            LOG.errorf("Skipping voice request %s whose data cannot be read", event.id());
            return;
        }
        Guild guild = discord.guild(request.guildId()).orElse(null);
        if (guild == null) {
            return;
        }
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
