package dev.riff.playback.player;

import dev.riff.playback.audio.TrackLoader;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The guild players of this node, by guild id. */
@ApplicationScoped
public class GuildPlayers {

    private final TrackLoader loader;
    private final TrackLifecycle events;
    private final Map<String, GuildAudioPlayer> players = new ConcurrentHashMap<>();

    GuildPlayers(TrackLoader loader, TrackLifecycle events) {
        this.loader = loader;
        this.events = events;
    }

    /** The guild's player, made (idle, without voice) if it has none on this node yet. */
    public GuildAudioPlayer obtain(String guildId) {
        return players.computeIfAbsent(guildId, id -> {
            GuildAudioPlayer player = new GuildAudioPlayer(id, loader.manager().createPlayer());
            player.audio().addListener(new TrackLifecycleListener(player, events));
            return player;
        });
    }

    public Optional<GuildAudioPlayer> find(String guildId) {
        return Optional.ofNullable(players.get(guildId));
    }

    /** Closes the guild's player here (voice and lavaplayer); its saved state stays for whoever plays next. */
    public void remove(String guildId) {
        GuildAudioPlayer player = players.remove(guildId);
        if (player != null) {
            player.close();
        }
    }

    public Collection<String> guilds() {
        return List.copyOf(players.keySet());
    }

    public Collection<GuildAudioPlayer> all() {
        return List.copyOf(players.values());
    }

    /** Players on this node, those playing now, and their voice connections' frame counts. */
    public record Stats(int players, int playingPlayers, long framesSent, long framesNulled, long framesDeficit, long framesWithheld) {
    }

    public Stats stats() {
        int playing = 0;
        long sent = 0;
        long nulled = 0;
        long deficit = 0;
        long withheld = 0;
        for (GuildAudioPlayer player : players.values()) {
            if (player.playing() && !player.audio().isPaused()) {
                playing++;
            }
            var voice = player.voice();
            if (voice != null) {
                sent += voice.stats().sent();
                nulled += voice.stats().nulled();
                deficit += voice.stats().deficit();
                withheld += voice.stats().withheld();
            }
        }
        return new Stats(players.size(), playing, sent, nulled, deficit, withheld);
    }

    @PreDestroy
    void shutdown() {
        players.values().forEach(GuildAudioPlayer::close);
    }
}
