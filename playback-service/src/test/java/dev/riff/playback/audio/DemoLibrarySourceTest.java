package dev.riff.playback.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.devkit.audio.DemoLibrary;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The demo source against the devkit's library: what a member's search finds, and what it leaves to the next search. */
class DemoLibrarySourceTest {

    @Test
    void searchesFindDemoTracksAndEverythingElseGoesOnToTheNextSearch() {
        try (DemoLibrary library = DemoLibrary.serve(0)) {
            DemoLibrarySource source = new DemoLibrarySource(URI.create(library.url()), "scsearch:");
            AudioTrack demo = firstFound(source, "riff-search:demo");
            assertEquals("Riff Demo Tune", demo.getInfo().title);
            assertEquals(DemoLibrary.ARTIST, demo.getInfo().author);
            assertEquals("riff-demo:riff-demo-tune", demo.getInfo().uri, "what the queue stores and a restore loads");
            assertSame(source, demo.getSourceManager());

            AudioTrack concert = firstFound(source, "riff-search:Concert A");
            assertEquals("Concert A (440 Hz)", concert.getInfo().title);
            assertEquals(30_000, concert.getInfo().length);
            AudioTrack again = assertInstanceOf(AudioTrack.class, source.loadItem(null, new AudioReference(concert.getInfo().uri, null)));
            assertEquals(concert.getInfo().title, again.getInfo().title);

            AudioReference elsewhere = assertInstanceOf(AudioReference.class,
                    source.loadItem(null, new AudioReference("riff-search:never gonna give", null)));
            assertEquals("scsearch:never gonna give", elsewhere.identifier);
            assertSame(AudioReference.NO_TRACK, source.loadItem(null, new AudioReference("riff-demo:no-such-track", null)));
            assertNull(source.loadItem(null, new AudioReference("https://example.org/a.mp3", null)), "links are not the demo source's");

            AudioPlaylist everyDemoTrack = assertInstanceOf(AudioPlaylist.class, source.loadItem(null, new AudioReference("riff-search:ensemble", null)));
            assertEquals(library.tracks().size(), everyDemoTrack.getTracks().size(), "a search finds every match, as a search result");
        }
    }

    /** A search answers as lavaplayer's searching sources do: a search result, whose first track players take. */
    private static AudioTrack firstFound(DemoLibrarySource source, String search) {
        AudioPlaylist found = assertInstanceOf(AudioPlaylist.class, source.loadItem(null, new AudioReference(search, null)));
        assertTrue(found.isSearchResult());
        return found.getTracks().getFirst();
    }
}
