package dev.riff.playback.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.contracts.PlaybackLimits;
import dev.riff.contracts.StreamingService;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The arithmetic and gates of playback commands, without a node around them. */
class CommandRulesTest {

    @Test
    void aSkipNeedsTheThresholdsShareOfListenersRoundedUpAndAtLeastOneVote() {
        assertEquals(1, VoteSkipHandler.votesNeeded(1, 0.5));
        assertEquals(2, VoteSkipHandler.votesNeeded(3, 0.5));
        assertEquals(2, VoteSkipHandler.votesNeeded(4, 0.5));
        assertEquals(4, VoteSkipHandler.votesNeeded(4, 1.0));
        assertEquals(1, VoteSkipHandler.votesNeeded(0, 0.5), "unknown listeners count as one");
        assertEquals(1, VoteSkipHandler.votesNeeded(10, 0.0), "a zero threshold still takes the voter's own vote");
    }

    @Test
    void premiumSourceLinksAreRefusedByTheirSettingThenByTheNodesCredentialsAndOtherQueriesPass() {
        PlaybackLimits free = PlaybackLimits.DEFAULTS;
        PlaybackLimits spotify = new PlaybackLimits(null, null, null, null, null, true, null, null, null, null, "premium", null, null, null);
        PlaybackLimits premiumWithSpotifyOff = new PlaybackLimits(null, null, null, null, null, false, null, null, null, null, "premium", null, null, null);
        Predicate<StreamingService> none = service -> false;
        Predicate<StreamingService> spotifyOnly = StreamingService.SPOTIFY::equals;
        var refused = PremiumSources.gate("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", free, spotifyOnly).orElseThrow();
        assertEquals("premium-required", refused.code());
        assertEquals(Map.of("source", "Spotify"), refused.details());
        assertEquals("source-disabled", PremiumSources.gate("https://open.spotify.com/track/x", premiumWithSpotifyOff, spotifyOnly).orElseThrow().code(),
                "a paying server that turned it off is not told to buy premium");
        assertEquals("source-not-configured", PremiumSources.gate("HTTPS://OPEN.SPOTIFY.COM/track/x", spotify, none).orElseThrow().code());
        assertTrue(PremiumSources.gate("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", spotify, spotifyOnly).isEmpty(),
                "turned on and read by this node: it loads");
        assertEquals("source-disabled", PremiumSources.gate("https://music.apple.com/us/album/x", spotify, spotifyOnly).orElseThrow().code());
        assertEquals("premium-required", PremiumSources.gate("https://www.deezer.com/track/3135556", free, spotifyOnly).orElseThrow().code());
        assertTrue(PremiumSources.gate("https://notspotify.com.example.org/x", free, none).isEmpty(), "only the service's own hosts");
        assertTrue(PremiumSources.gate("spotify.com lofi beats", free, none).isEmpty(), "a search that names a service is a search");
    }
}
