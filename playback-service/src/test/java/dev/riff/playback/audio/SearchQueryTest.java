package dev.riff.playback.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.DelegatedAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.LocalAudioTrackExecutor;
import org.junit.jupiter.api.Test;

/** The advanced search syntax, and that without the setting it is only words. */
class SearchQueryTest {

    @Test
    void withoutTheSettingEverythingIsWords() {
        assertEquals("scsearch:isrc:QZRF12600002", SearchQuery.of("isrc:QZRF12600002", false, "scsearch:", false).identifier());
        assertEquals("scsearch:artist:\"A B\" x", SearchQuery.of(" artist:\"A B\" x ", false, "scsearch:", false).identifier());
    }

    @Test
    void sourcesRecordingsAndFields() {
        assertEquals("isrc:QZRF12600002", SearchQuery.of("isrc: qzrf12600002", true, "scsearch:", false).identifier());
        assertEquals("scsearch:isrc:nonsense", SearchQuery.of("isrc:nonsense", true, "scsearch:", false).identifier(), "not a code: words");
        assertEquals("scsearch:lofi beats", SearchQuery.of("sc:lofi beats", true, "riff-search:", true).identifier());
        assertEquals("bcsearch:ambient", SearchQuery.of("bandcamp: ambient", true, "scsearch:", false).identifier());
        assertEquals("riff-search:chord", SearchQuery.of("demo:chord", true, "scsearch:", true).identifier());
        assertEquals("scsearch:chord", SearchQuery.of("demo:chord", true, "scsearch:", false).identifier(), "no demo library: the default");

        SearchQuery fields = SearchQuery.of("artist:\"Riff Devkit\" title:Concert live", true, "riff-search:", true);
        assertEquals("riff-search:Riff Devkit Concert live", fields.identifier());
        assertTrue(fields.accepts(track("Concert A (440 Hz)", "The Riff Devkit Ensemble")));
        assertFalse(fields.accepts(track("Concert A (440 Hz)", "Someone Else")));
        assertFalse(fields.accepts(track("Riff Demo Tune", "The Riff Devkit Ensemble")));
        assertTrue(SearchQuery.of("anything", true, "scsearch:", false).accepts(track("x", null)), "no fields: every result");
    }

    private static DelegatedAudioTrack track(String title, String author) {
        return new DelegatedAudioTrack(new AudioTrackInfo(title, author, 1000, "id", false, "uri")) {
            @Override
            public void process(LocalAudioTrackExecutor executor) {
            }
        };
    }
}
