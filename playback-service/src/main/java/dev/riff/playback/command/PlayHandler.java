package dev.riff.playback.command;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.contracts.CommandOptions;
import dev.riff.playback.audio.TrackLoader;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.player.GuildAudioPlayer;
import dev.riff.playback.player.TrackLifecycle;
import dev.riff.playback.player.Tracks;
import dev.riff.playback.repository.PlayerStateRepository;
import dev.riff.playback.repository.QueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/**
 * /play: loads the track (before the transaction: it may take seconds), checks the server's limits,
 * queues it, asks the gateway to join voice if the player has none, and starts it when the player is
 * idle and in voice.
 */
@ApplicationScoped
public class PlayHandler implements CommandHandler {

    private final TrackLoader loader;
    private final QueueRepository queue;
    private final PlayerStateRepository states;
    private final PlayerEvents events;
    private final TrackLifecycle lifecycle;

    PlayHandler(TrackLoader loader, QueueRepository queue, PlayerStateRepository states, PlayerEvents events, TrackLifecycle lifecycle) {
        this.loader = loader;
        this.queue = queue;
        this.states = states;
        this.events = events;
        this.lifecycle = lifecycle;
    }

    @Override
    public Set<String> names() {
        return Set.of("play");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Play.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        CommandOptions.Play options = context.options(CommandOptions.Play.class);
        var gated = PremiumSources.gate(options.query(), context.limits());
        if (gated.isPresent()) {
            return context.once(gated.get());
        }
        return loader.load(options.query())
                .chain(track -> context.once(() -> enqueue(context, options, track)))
                .onFailure(TrackLoader.LoadFailure.class).recoverWithUni(failure -> context.once(
                        Outcome.refused(((TrackLoader.LoadFailure) failure).code, Map.of("query", options.query(), "reason", failure.getMessage()))));
    }

    private Uni<Outcome> enqueue(CommandContext context, CommandOptions.Play options, AudioTrack track) {
        String guildId = context.guildId();
        GuildAudioPlayer player = context.player();
        var limits = context.limits();
        if (!track.getInfo().isStream && track.getDuration() / 1000 > limits.maxSongDuration()) {
            return Uni.createFrom().item(Outcome.refused("too-long", Map.of("title", Tracks.title(track),
                    "durationMs", track.getDuration(), "maxDurationMs", limits.maxSongDuration() * 1000L)));
        }
        var command = context.command();
        return queue.ensureQueue(guildId, command.voiceChannelId(), command.textChannelId())
                .chain(guildQueue -> queue.size(guildQueue).chain(size -> {
                    if (size >= limits.maxQueueSize()) {
                        return Uni.createFrom().item(Outcome.refused("queue-full", Map.of("maxQueueSize", limits.maxQueueSize())));
                    }
                    var added = Tracks.ref(track, command.userId(), options.query());
                    boolean startsNow = !player.playing() && size == 0;
                    // In voice and idle: the track just loaded becomes the current one in this transaction and starts
                    // right after the commit, without a trip through the queue, a second transaction and a second load.
                    boolean startsHere = startsNow && player.voiceReady();
                    long position = options.next() ? 1 : size + 1;
                    return (startsHere ? Uni.createFrom().voidItem() : queue.add(guildQueue, added, options.next()))
                            .chain(() -> states.obtain(guildId))
                            .chain(saved -> {
                                saved.voiceChannelId = command.voiceChannelId();
                                saved.textChannelId = command.textChannelId();
                                saved.autoplay = limits.autoplayEnabled();
                                if (startsHere) {
                                    PlayerStateRepository.playing(saved, added);
                                }
                                return player.voiceReady() ? Uni.createFrom().voidItem()
                                        : events.voiceRequested(guildId, command.voiceChannelId());
                            })
                            .chain(() -> startsHere ? Uni.createFrom().voidItem() : events.queueChanged(guildId, size + 1, "added"))
                            .map(ignored -> Outcome.done(startsNow ? "playing" : "queued", Map.of("title", added.title(), "url", added.url(),
                                            "durationMs", Tracks.durationMs(track), "position", position))
                                    .then(() -> {
                                        if (startsHere) {
                                            lifecycle.startLoaded(player, track, command.userId());
                                        } else if (player.voiceReady() && !player.playing()) {
                                            player.later("start playing", () -> lifecycle.startNext(player));
                                        }
                                    }));
                }));
    }
}
