package dev.riff.playback.service;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import dev.riff.contracts.VoiceServerUpdated;
import dev.riff.contracts.VoiceStateUpdated;
import dev.riff.playback.audio.PlayerOpusSource;
import dev.riff.playback.config.PlaybackConfig;
import dev.riff.playback.domain.GuildPlayer;
import dev.riff.playback.player.GuildAudioPlayer;
import dev.riff.playback.player.GuildPlayers;
import dev.riff.playback.player.TrackLifecycle;
import dev.riff.playback.repository.PlayerStateRepository;
import dev.riff.support.reactive.OnVertxContext;
import dev.riff.voice.VoiceConnection;
import dev.riff.voice.VoiceSendLoop;
import dev.riff.voice.VoiceTls;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.http.HttpClient;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A guild's voice on this node: Discord's voice updates (relayed by the gateway in the guild's
 * ordered stream) are saved and open the voice connection; guilds this node gains are reconnected
 * from their saved session, and guilds it loses are let go.
 */
@ApplicationScoped
public class VoiceService {

    private static final Logger LOG = Logger.getLogger(VoiceService.class);

    private final GuildPlayers players;
    private final PlayerStateRepository states;
    private final TrackLifecycle lifecycle;
    private final OnVertxContext vertx;
    private final VoiceSendLoop sendLoop = new VoiceSendLoop();
    private final HttpClient voiceGateways;
    private final AtomicLong daveFailures = new AtomicLong();

    VoiceService(GuildPlayers players, PlayerStateRepository states, TrackLifecycle lifecycle, OnVertxContext vertx, PlaybackConfig config) {
        this.players = players;
        this.states = states;
        this.lifecycle = lifecycle;
        this.vertx = vertx;
        this.voiceGateways = VoiceTls.client(config.voiceTrustedCa());
    }

    public Uni<Void> voiceState(VoiceStateUpdated update) {
        GuildAudioPlayer player = players.obtain(update.guildId());
        return player.serially(() -> vertx.transaction(() -> states.obtain(update.guildId()).map(saved -> {
            saved.voiceSessionId = update.sessionId();
            if (update.channelId() == null) {
                saved.voiceEndpoint = null;
                saved.voiceToken = null;
                return true;
            }
            saved.voiceChannelId = update.channelId();
            return false;
        })).invoke(left -> {
            if (left) {
                player.stop("disconnected");
                players.remove(update.guildId());
            }
        })).replaceWithVoid();
    }

    public Uni<Void> voiceServer(VoiceServerUpdated update) {
        GuildAudioPlayer player = players.obtain(update.guildId());
        return player.serially(() -> vertx.transaction(() -> states.obtain(update.guildId()).map(saved -> {
            saved.voiceEndpoint = update.endpoint();
            saved.voiceToken = update.token();
            saved.voiceSessionId = update.sessionId();
            saved.voiceUserId = update.userId();
            if (update.channelId() != null) {
                saved.voiceChannelId = update.channelId();
            }
            return session(saved);
        })).invoke(session -> connect(player, session))).replaceWithVoid();
    }

    /**
     * Plays again for guilds this node now owns, at once: voice reconnects with the saved session
     * while the saved track loads and seeks to its saved position, so its first frames are waiting
     * when voice is ready. Called before this node reads any of their commands.
     */
    public void restore(Collection<VoiceConnection.Session> sessions) {
        for (VoiceConnection.Session session : sessions) {
            LOG.infof("Restoring guild %s", session.guildId());
            GuildAudioPlayer player = players.obtain(session.guildId());
            connect(player, session);
            player.later("restore the player", () -> lifecycle.resumeSaved(player));
        }
    }

    /**
     * Reads a saved player once at boot: an idle node that takes over a crashed node's guilds would
     * otherwise pay for Hibernate's first session (most of a second here) inside the failover.
     */
    void warmUp(@Observes StartupEvent event) {
        vertx.transaction(() -> states.find("0")).subscribe().with(ok -> { },
                failure -> LOG.warnf("Warm-up read of the saved players failed: %s", failure.getMessage()));
    }

    /** Stops playing for guilds another node now owns; their state stays in the database for it. */
    public void release(Collection<String> guildIds) {
        guildIds.forEach(players::remove);
    }

    /** Voice connections since this node started whose DAVE handshake the voice gateway refused. */
    public long daveFailures() {
        return daveFailures.get();
    }

    private static VoiceConnection.Session session(GuildPlayer saved) {
        return new VoiceConnection.Session(saved.guildId, saved.voiceChannelId, saved.voiceUserId, saved.voiceSessionId,
                saved.voiceEndpoint, saved.voiceToken);
    }

    /** Opens the voice connection; once it is ready, the guild's music goes on in its lane. */
    private void connect(GuildAudioPlayer player, VoiceConnection.Session session) {
        VoiceConnection connection = open(session, player.audio(), (changed, state, reason) -> {
            if (state == VoiceConnection.State.READY) {
                player.later("go on playing", () -> lifecycle.resumeOrStartNext(player));
            }
        });
        player.attach(connection);
        connection.connect();
    }

    /**
     * A voice connection fed by a lavaplayer player, on this node's one send loop and voice trust:
     * for Riff's own guilds and for Lavalink-protocol players alike. Not connected yet.
     */
    public VoiceConnection open(VoiceConnection.Session session, AudioPlayer audio, VoiceConnection.Listener listener) {
        return new VoiceConnection(session, new PlayerOpusSource(audio), sendLoop, (changed, state, reason) -> {
            LOG.infof("Voice in guild %s: %s (%s)", session.guildId(), state, reason);
            if (state == VoiceConnection.State.CLOSED && changed.stats().daveFailures() > 0) {
                daveFailures.incrementAndGet();
            }
            listener.stateChanged(changed, state, reason);
        }, voiceGateways);
    }

    @PreDestroy
    void shutdown() {
        sendLoop.close();
    }
}
