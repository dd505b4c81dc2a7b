package dev.riff.playback.command;

import dev.riff.contracts.PlaybackLimits;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Links to streaming services that premium unlocks; the server's (tier-capped) settings say which. */
final class PremiumSources {

    private record Source(String name, Pattern link, Predicate<PlaybackLimits> enabled) {
    }

    private static final List<Source> SOURCES = List.of(
            source("Spotify", "spotify.com", PlaybackLimits::spotifyEnabled),
            source("Apple Music", "music.apple.com", PlaybackLimits::appleMusicEnabled),
            source("Deezer", "deezer.com", PlaybackLimits::deezerEnabled));

    private PremiumSources() {
    }

    private static Source source(String name, String host, Predicate<PlaybackLimits> enabled) {
        return new Source(name, Pattern.compile("https?://([a-z0-9-]+\\.)*" + Pattern.quote(host) + "(/.*)?"), enabled);
    }

    /** The refusal for a premium source's link, checked before anything loads; empty for any other query. */
    static Optional<Outcome> gate(String query, PlaybackLimits limits) {
        String lower = query.toLowerCase(Locale.ROOT);
        for (Source source : SOURCES) {
            if (source.link().matcher(lower).matches()) {
                return Optional.of(Outcome.refused(source.enabled().test(limits) ? "source-unavailable" : "premium-required",
                        Map.of("source", source.name())));
            }
        }
        return Optional.empty();
    }
}
