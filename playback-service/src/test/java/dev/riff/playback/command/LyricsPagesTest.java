package dev.riff.playback.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.playback.domain.Lyrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lyrics cut into pages, and timed lyrics read from LRC and followed by position. */
class LyricsPagesTest {

    @Test
    void pagesBreakAtLineEndsAndCutOnlyALineTooLongForAPage() {
        assertEquals(List.of("one\ntwo", "three"), LyricsHandler.pages("one\ntwo\nthree", 8));
        List<String> cut = LyricsHandler.pages("x".repeat(25), 10);
        assertEquals(List.of("x".repeat(10), "x".repeat(10), "x".repeat(5)), cut);
        String text = "a line of words\n".repeat(400).strip();
        for (String page : LyricsHandler.pages(text, 1500)) {
            assertTrue(page.length() <= 1500, page.length() + " characters");
        }
        assertEquals(String.join("\n", LyricsHandler.pages(text, 1500)), text, "nothing lost at the page breaks");
    }

    @Test
    void lrcLinesAreReadWithTheirTimesAndTheSungLineFollowsThePosition() {
        List<Lyrics.Line> lines = Lyrics.parseLrc("""
                [ar:Someone]
                [00:01.5] first
                [00:04.25][01:04.25] chorus
                no time here
                [00:10.123] last""");
        assertEquals(List.of(new Lyrics.Line(1500, "first"), new Lyrics.Line(4250, "chorus"), new Lyrics.Line(10_123, "last"),
                new Lyrics.Line(64_250, "chorus")), lines);
        Lyrics lyrics = new Lyrics("first\nchorus\nlast", lines, "lrclib");
        assertNull(lyrics.lineAt(1000), "before the first line");
        assertEquals("first", lyrics.lineAt(1500));
        assertEquals("chorus", lyrics.lineAt(9_999));
        assertEquals("last", lyrics.lineAt(30_000));
        assertEquals("chorus", lyrics.lineAt(70_000));
    }
}
