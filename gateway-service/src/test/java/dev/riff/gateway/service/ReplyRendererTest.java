package dev.riff.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.contracts.CommandCompleted;
import java.util.Locale;
import java.util.Map;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

/** Replies built from what sources and providers say: whatever its length, a title or link never fails the reply. */
class ReplyRendererTest {

    @Test
    void aTitleLongerThanAnEmbedHoldsIsCutAndAnUnfitLinkLeftOut() {
        String title = "t".repeat(400);
        var nowPlaying = ReplyRenderer.render(new CommandCompleted("c", "1", true, "now-playing", Map.of("title", title,
                "url", "https://example.org/" + "x".repeat(3000), "positionMs", 1000, "durationMs", 2000, "paused", false)), Locale.ENGLISH);
        MessageEmbed embed = nowPlaying.getEmbeds().getFirst();
        assertEquals(MessageEmbed.TITLE_MAX_LENGTH, embed.getTitle().length());
        assertTrue(embed.getTitle().endsWith("…"));
        assertNull(embed.getUrl(), "a link Discord would refuse is left out");

        var lyrics = ReplyRenderer.render(new CommandCompleted("c", "1", true, "lyrics", Map.of("title", title, "artist", "a".repeat(200),
                "text", "words", "page", 1, "pages", 1, "source", "lrclib")), Locale.ENGLISH);
        assertEquals(MessageEmbed.TITLE_MAX_LENGTH, lyrics.getEmbeds().getFirst().getTitle().length());

        var items = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 1; i <= 10; i++) {
            items.add(Map.of("position", i, "title", title, "durationMs", 1000));
        }
        var queue = ReplyRenderer.render(new CommandCompleted("c", "1", true, "queue", Map.of("length", 10, "page", 1, "pages", 1, "items", items)),
                Locale.ENGLISH);
        assertTrue(queue.getEmbeds().getFirst().getDescription().length() <= MessageEmbed.DESCRIPTION_MAX_LENGTH);
    }
}
