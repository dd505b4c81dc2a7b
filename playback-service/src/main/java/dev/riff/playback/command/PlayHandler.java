package dev.riff.playback.command;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.contracts.CommandOptions;
import dev.riff.contracts.PlaybackLimits;
import dev.riff.playback.audio.AudioQuality;
import dev.riff.playback.audio.MirroredTrack;
import dev.riff.playback.audio.TrackLoader;
import dev.riff.playback.domain.TrackRef;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.player.GuildAudioPlayer;
import dev.riff.playback.player.TrackLifecycle;
import dev.riff.playback.player.Tracks;
import dev.riff.playback.repository.PlayerStateRepository;
import dev.riff.playback.repository.QueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * /play: loads the track or playlist (before the transaction: it may take seconds), checks the
 * server's limits, queues it, asks the gateway to join voice if the player has none, and starts the
 * first track when the player is idle and in voice.
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
        var gated = PremiumSources.gate(options.query(), context.limits(), loader::reads);
        if (gated.isPresent()) {
            return context.once(gated.get());
        }
        return loader.loadAll(options.query(), context.limits().advancedSearchEnabled())
                .chain(loaded -> context.once(() -> enqueue(context, options, loaded)))
                .onFailure(TrackLoader.LoadFailure.class).recoverWithUni(failure -> context.once(
                        Outcome.refused(((TrackLoader.LoadFailure) failure).code, Map.of("query", options.query(), "reason", failure.getMessage()))));
    }

    private Uni<Outcome> enqueue(CommandContext context, CommandOptions.Play options, TrackLoader.Loaded loaded) {
        PlaybackLimits limits = context.limits();
        boolean playlist = loaded.playlistName() != null;
        if (!playlist) {
            AudioTrack track = loaded.first();
            if (refusedAsExplicit(track, limits)) {
                return Uni.createFrom().item(Outcome.refused("explicit-refused", Map.of("title", Tracks.title(track))));
            }
            if (tooLong(track, limits)) {
                return Uni.createFrom().item(Outcome.refused("too-long", Map.of("title", Tracks.title(track),
                        "durationMs", track.getDuration(), "maxDurationMs", limits.maxSongDuration() * 1000L)));
            }
        }
        List<AudioTrack> allowed = loaded.tracks().stream().filter(t -> !refusedAsExplicit(t, limits) && !tooLong(t, limits)).toList();
        if (allowed.isEmpty()) {
            return Uni.createFrom().item(Outcome.refused("playlist-nothing-allowed", Map.of("playlist", loaded.playlistName())));
        }
        String guildId = context.guildId();
        GuildAudioPlayer player = context.player();
        var command = context.command();
        return queue.ensureQueue(guildId, command.voiceChannelId(), command.textChannelId())
                .chain(guildQueue -> queue.size(guildQueue).chain(size -> {
                    if (size >= limits.maxQueueSize()) {
                        return Uni.createFrom().item(Outcome.refused("queue-full", Map.of("maxQueueSize", limits.maxQueueSize())));
                    }
                    List<AudioTrack> taken = allowed.subList(0, (int) Math.min(allowed.size(), limits.maxQueueSize() - size));
                    List<TrackRef> added = taken.stream().map(t -> Tracks.ref(t, command.userId(), playlist ? t.getInfo().uri : options.query())).toList();
                    boolean startsNow = !player.playing() && size == 0;
                    // In voice and idle: the first track just loaded becomes the current one in this transaction and starts
                    // right after the commit, without a trip through the queue, a second transaction and a second load.
                    boolean startsHere = startsNow && player.voiceReady();
                    List<TrackRef> queued = startsHere ? added.subList(1, added.size()) : added;
                    long position = options.next() ? 1 : size + 1;
                    return queue.addAll(guildQueue, queued, options.next())
                            .chain(() -> states.obtain(guildId))
                            .chain(saved -> {
                                saved.voiceChannelId = command.voiceChannelId();
                                saved.textChannelId = command.textChannelId();
                                saved.autoplay = limits.autoplayEnabled();
                                saved.sponsorBlock = limits.sponsorBlockEnabled();
                                saved.audioQuality = AudioQuality.of(limits.maxAudioQuality()).name().toLowerCase(java.util.Locale.ROOT);
                                if (startsHere) {
                                    PlayerStateRepository.playing(saved, added.getFirst());
                                }
                                return player.voiceReady() ? Uni.createFrom().voidItem()
                                        : events.voiceRequested(guildId, command.voiceChannelId());
                            })
                            .chain(() -> queued.isEmpty() ? Uni.createFrom().voidItem() : events.queueChanged(guildId, size + queued.size(), "added"))
                            .map(ignored -> outcome(loaded, taken, added.getFirst(), startsNow, position)
                                    .then(() -> {
                                        player.sponsorBlock(limits.sponsorBlockEnabled());
                                        loader.quality(player.audio(), AudioQuality.of(limits.maxAudioQuality()));
                                        if (startsHere) {
                                            lifecycle.startLoaded(player, taken.getFirst(), command.userId());
                                        } else if (player.voiceReady() && !player.playing()) {
                                            player.later("start playing", () -> lifecycle.startNext(player));
                                        }
                                    }));
                }));
    }

    private static Outcome outcome(TrackLoader.Loaded loaded, List<AudioTrack> taken, TrackRef first, boolean startsNow, long position) {
        if (loaded.playlistName() == null) {
            return Outcome.done(startsNow ? "playing" : "queued", Map.of("title", first.title(), "url", first.url(),
                    "durationMs", Tracks.durationMs(taken.getFirst()), "position", position));
        }
        boolean whole = taken.size() == loaded.tracks().size();
        return Outcome.done(whole ? "queued-playlist" : "queued-playlist-partly", Map.of("playlist", loaded.playlistName(),
                "count", taken.size(), "total", loaded.tracks().size(), "title", first.title()));
    }

    /** A track its source marks explicit, where the server does not allow explicit content. */
    private static boolean refusedAsExplicit(AudioTrack track, PlaybackLimits limits) {
        return !limits.allowExplicitContent() && track instanceof MirroredTrack mirrored && mirrored.explicit();
    }

    private static boolean tooLong(AudioTrack track, PlaybackLimits limits) {
        return !track.getInfo().isStream && track.getDuration() / 1000 > limits.maxSongDuration();
    }
}
