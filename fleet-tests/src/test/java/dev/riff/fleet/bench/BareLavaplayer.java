package dev.riff.fleet.bench;

import com.sedmelluq.discord.lavaplayer.player.AudioLoadResultHandler;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** lavaplayer with nothing of Riff around it: the floor the benchmarks measure Riff against. */
public final class BareLavaplayer {

    private BareLavaplayer() {
    }

    /** A player manager with only the HTTP source (the benchmarks' files are on a local HTTP server). */
    public static AudioPlayerManager manager() {
        AudioPlayerManager manager = new DefaultAudioPlayerManager();
        manager.registerSourceManager(new HttpAudioSourceManager());
        return manager;
    }

    public static AudioTrack load(AudioPlayerManager manager, String url) throws Exception {
        CompletableFuture<AudioTrack> track = new CompletableFuture<>();
        manager.loadItem(url, new AudioLoadResultHandler() {
            public void trackLoaded(AudioTrack loaded) {
                track.complete(loaded);
            }

            public void playlistLoaded(AudioPlaylist playlist) {
                track.completeExceptionally(new IllegalStateException("playlist"));
            }

            public void noMatches() {
                track.completeExceptionally(new IllegalStateException("no matches"));
            }

            public void loadFailed(FriendlyException e) {
                track.completeExceptionally(e);
            }
        });
        return track.get(10, TimeUnit.SECONDS);
    }
}
