package dev.riff.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A command's options and limits as their own types: what fits, what is refused, and the defaults. */
class PlaybackCommandTest {

    @Test
    void optionsAreReadAsTheCommandsType() {
        assertEquals(new CommandOptions.Play("lofi", true), command("play", Map.of("query", "lofi", "next", true)).options(CommandOptions.Play.class));
        assertFalse(command("play", Map.of("query", "lofi")).options(CommandOptions.Play.class).next());
        assertEquals(90_000, command("seek", Map.of("position", "1:30")).options(CommandOptions.Seek.class).millis());
        assertEquals(3_723_000, command("seek", Map.of("position", "1:02:03")).options(CommandOptions.Seek.class).millis());
        assertEquals(45_000, command("seek", Map.of("position", "45")).options(CommandOptions.Seek.class).millis());
        assertEquals(1, command("queue", Map.of()).options(CommandOptions.Page.class).page());
        assertEquals(new CommandOptions.Move(4, 1), command("move", Map.of("from", 4L, "to", 1L)).options(CommandOptions.Move.class));
        assertEquals(new CommandOptions.None(), command("skip", Map.of("anything", "ignored")).options(CommandOptions.None.class));
    }

    @Test
    void optionsThatDoNotFitAreRefusedNamingTheProblem() {
        var missingQuery = assertThrows(IllegalArgumentException.class, () -> command("play", Map.of()).options(CommandOptions.Play.class));
        assertTrue(missingQuery.getMessage().contains("query"), missingQuery.getMessage());
        assertThrows(IllegalArgumentException.class, () -> command("seek", Map.of("position", "soon")).options(CommandOptions.Seek.class));
        assertThrows(IllegalArgumentException.class, () -> command("seek", Map.of("position", "1:2:3:4")).options(CommandOptions.Seek.class));
        assertThrows(IllegalArgumentException.class, () -> command("loop", Map.of("mode", "forever")).options(CommandOptions.Loop.class));
        assertThrows(IllegalArgumentException.class, () -> command("volume", Map.of("percent", "loud")).options(CommandOptions.Volume.class));
        assertThrows(IllegalArgumentException.class, () -> command("volume", Map.of("percent", -1)).options(CommandOptions.Volume.class));
    }

    @Test
    void limitsTheGatewayDidNotSendTakeTheFreeTiersDefaults() throws Exception {
        PlaybackLimits sent = CloudEventCodec.mapper().readValue("{\"volumeLimit\": 150, \"spotifyEnabled\": true, \"newLimit\": 1}", PlaybackLimits.class);
        assertEquals(150, sent.volumeLimit());
        assertTrue(sent.spotifyEnabled());
        assertEquals(100, sent.maxQueueSize());
        assertEquals(3600, sent.maxSongDuration());
        assertEquals(0.5, sent.voteSkipThreshold());
        assertFalse(sent.autoplayEnabled());
        assertEquals(PlaybackLimits.DEFAULTS, new PlaybackCommand("1", "2", null, null, null, "skip", null, 0, null, Instant.EPOCH).limits());
    }

    private static PlaybackCommand command(String name, Map<String, Object> options) {
        return new PlaybackCommand("1", "2", "3", "4", "5", name, options, 1, PlaybackLimits.DEFAULTS, Instant.EPOCH);
    }
}
