package dev.riff.playback.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import dev.riff.devkit.audio.DemoLibrary;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a streaming service's recording finds its playable copy: by ISRC first, else by title and artist within the length tolerance. */
class TrackMirrorTest {

    private static DemoLibrary library;
    private static DefaultAudioPlayerManager manager;
    private static TrackMirror mirror;

    @BeforeAll
    static void start() {
        library = DemoLibrary.serve(0);
        manager = new DefaultAudioPlayerManager();
        // A search nothing matches goes nowhere (no network here): the fallback prefix is the library's own.
        manager.registerSourceManager(new DemoLibrarySource(URI.create(library.url()), DemoLibrarySource.TRACK_PREFIX));
        mirror = new TrackMirror(manager, Optional.of(DemoLibrarySource.ISRC_PREFIX), DemoLibrarySource.SEARCH_PREFIX, Duration.ofSeconds(3));
    }

    @AfterAll
    static void stop() {
        manager.shutdown();
        library.close();
    }

    @Test
    void theIsrcFindsTheRecordingWhateverItIsCalled() {
        var found = mirror.find(wanted("Riff Demo Tune (2026 Remaster)", "Someone Else", 30_000, DemoLibrary.TUNE_ISRC));
        assertEquals("riff-demo:riff-demo-tune", found.getIdentifier());
    }

    @Test
    void withoutAnIsrcMatchTheTitleAndArtistMatchWithinTheTolerance() {
        var found = mirror.find(wanted("Concert A (440 Hz)", DemoLibrary.ARTIST, 32_500, "QZRF12600004"));
        assertEquals("riff-demo:concert-a", found.getIdentifier(), "2.5 s longer is the same song");
        FriendlyException tooLong = assertThrows(FriendlyException.class,
                () -> mirror.find(wanted("Concert A (440 Hz)", DemoLibrary.ARTIST, 45_000, null)));
        assertTrue(tooLong.getMessage().contains("No source here plays Concert A"), tooLong.getMessage());
    }

    private static AudioTrackInfo wanted(String title, String artist, long length, String isrc) {
        return new AudioTrackInfo(title, artist, length, "https://open.spotify.com/track/x", false, "https://open.spotify.com/track/x", null, isrc);
    }
}
