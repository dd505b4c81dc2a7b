package dev.riff.playback.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
            AudioTrack demo = assertInstanceOf(AudioTrack.class, source.loadItem(null, new AudioReference("riff-search:demo", null)));
            assertEquals("Riff Demo Tune", demo.getInfo().title);
            assertEquals(DemoLibrary.ARTIST, demo.getInfo().author);
            assertEquals("riff-demo:riff-demo-tune", demo.getInfo().uri, "what the queue stores and a restore loads");
            assertSame(source, demo.getSourceManager());

            AudioTrack concert = assertInstanceOf(AudioTrack.class, source.loadItem(null, new AudioReference("riff-search:Concert A", null)));
            assertEquals("Concert A (440 Hz)", concert.getInfo().title);
            assertEquals(30_000, concert.getInfo().length);
            AudioTrack again = assertInstanceOf(AudioTrack.class, source.loadItem(null, new AudioReference(concert.getInfo().uri, null)));
            assertEquals(concert.getInfo().title, again.getInfo().title);

            AudioReference elsewhere = assertInstanceOf(AudioReference.class,
                    source.loadItem(null, new AudioReference("riff-search:never gonna give", null)));
            assertEquals("scsearch:never gonna give", elsewhere.identifier);
            assertSame(AudioReference.NO_TRACK, source.loadItem(null, new AudioReference("riff-demo:no-such-track", null)));
            assertNull(source.loadItem(null, new AudioReference("https://example.org/a.mp3", null)), "links are not the demo source's");
        }
    }
}
