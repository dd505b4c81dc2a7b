package dev.riff.devkit.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sedmelluq.discord.lavaplayer.player.AudioLoadResultHandler;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo library as lavaplayer meets it: a catalogue, and files in three containers that it recognises and decodes. */
class DemoLibraryTest {

    @Test
    void everyTrackIsServedInItsFormatAndLavaplayerPlaysIt() throws Exception {
        try (DemoLibrary library = DemoLibrary.serve(0)) {
            JsonNode catalogue = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(library.url() + "/catalogue.json")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(library.tracks().size(), catalogue.size());
            assertEquals(java.util.List.of("opus", "mp3", "wav", "wav"), library.tracks().stream().map(DemoLibrary.Track::format).toList(),
                    "a track in each container (the MP3 needs lame: apt-get install lame)");
            DefaultAudioPlayerManager manager = new DefaultAudioPlayerManager();
            manager.registerSourceManager(new HttpAudioSourceManager());
            try {
                for (DemoLibrary.Track track : library.tracks()) {
                    AudioTrack loaded = load(manager, library.url() + track.path());
                    assertEquals(track.seconds(), loaded.getDuration() / 1000.0, 0.5, track.title() + "'s duration");
                    AudioPlayer player = manager.createPlayer();
                    player.playTrack(loaded);
                    int frames = 0;
                    for (int i = 0; i < 200 && frames < 50; i++) {
                        AudioFrame frame = player.provide(100, TimeUnit.MILLISECONDS);
                        if (frame != null) {
                            frames++;
                        }
                    }
                    assertTrue(frames >= 50, track.title() + " decodes: " + frames + " frames");
                    player.destroy();
                }
            } finally {
                manager.shutdown();
            }
        }
    }

    @Test
    void theTuneAndTheChordsAreMusicNotSilence() {
        short[] tune = DemoLibrary.tune(4);
        short[] chords = DemoLibrary.chords(4);
        assertTrue(ToneAnalysis.rms(tune) > 2000 && ToneAnalysis.rms(chords) > 2000);
        // The tune moves: its loudest pitch changes from one second to the next.
        double first = ToneAnalysis.dominantFrequency(java.util.Arrays.copyOfRange(tune, 0, 12_000), 48_000, 100, 2000);
        double later = ToneAnalysis.dominantFrequency(java.util.Arrays.copyOfRange(tune, 48_000, 60_000), 48_000, 100, 2000);
        assertTrue(first != later, "a melody, not one tone: " + first + " Hz then " + later + " Hz");
    }

    private static AudioTrack load(DefaultAudioPlayerManager manager, String url) throws Exception {
        CompletableFuture<AudioTrack> result = new CompletableFuture<>();
        manager.loadItem(url, new AudioLoadResultHandler() {
            @Override
            public void trackLoaded(AudioTrack track) {
                result.complete(track);
            }

            @Override
            public void playlistLoaded(AudioPlaylist playlist) {
                result.completeExceptionally(new AssertionError("a playlist"));
            }

            @Override
            public void noMatches() {
                result.completeExceptionally(new AssertionError("not recognised: " + url));
            }

            @Override
            public void loadFailed(FriendlyException exception) {
                result.completeExceptionally(exception);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }
}
