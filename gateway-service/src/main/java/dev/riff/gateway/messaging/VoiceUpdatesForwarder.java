package dev.riff.gateway.messaging;

import dev.riff.contracts.EventTypes;
import dev.riff.contracts.VoiceServerUpdated;
import dev.riff.contracts.VoiceStateUpdated;
import dev.riff.support.reactive.OnVertxContext;
import dev.riff.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.hooks.VoiceDispatchInterceptor;
import org.jboss.logging.Logger;

/**
 * The gateway never plays audio: Discord's voice state and voice server updates for the bot go to
 * the guild's playback node on the guild's ordered command stream, which opens the voice connection.
 */
@ApplicationScoped
public class VoiceUpdatesForwarder implements VoiceDispatchInterceptor {

    private static final Logger LOG = Logger.getLogger(VoiceUpdatesForwarder.class);

    private final Outbox outbox;
    private final OnVertxContext vertx;
    /** The bot's voice channel per guild, from its last voice state; DAVE needs it with the server update. */
    private final Map<String, String> channels = new ConcurrentHashMap<>();

    VoiceUpdatesForwarder(Outbox outbox, OnVertxContext vertx) {
        this.outbox = outbox;
        this.vertx = vertx;
    }

    @Override
    public void onVoiceServerUpdate(VoiceServerUpdate update) {
        String channelId = channels.get(update.getGuildId());
        var data = new VoiceServerUpdated(update.getGuildId(), channelId, update.getGuild().getJDA().getSelfUser().getId(),
                update.getSessionId(), update.getEndpoint(), update.getToken());
        publish(EventTypes.VOICE_SERVER_UPDATED, update.getGuildId(), data);
    }

    @Override
    public boolean onVoiceStateUpdate(VoiceStateUpdate update) {
        String guildId = update.getGuildIdLong() == 0 ? null : Long.toUnsignedString(update.getGuildIdLong());
        if (guildId == null) {
            return false;
        }
        String channelId = update.getChannel() == null ? null : update.getChannel().getId();
        if (channelId == null) {
            channels.remove(guildId);
        } else {
            channels.put(guildId, channelId);
        }
        var data = new VoiceStateUpdated(guildId, channelId, update.getVoiceState().getMember().getId(), update.getVoiceState().getSessionId());
        publish(EventTypes.VOICE_STATE_UPDATED, guildId, data);
        // Discord answered the op 4: JDA may stop re-sending it.
        return true;
    }

    private <T> void publish(dev.riff.contracts.EventType<T> type, String guildId, T data) {
        vertx.transaction(() -> outbox.publish(type, guildId, guildId, data))
                .subscribe().with(ok -> { }, failure -> LOG.errorf(failure, "Could not record %s for guild %s", type.name(), guildId));
    }
}
