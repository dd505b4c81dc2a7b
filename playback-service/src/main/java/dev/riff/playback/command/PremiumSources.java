package dev.riff.playback.command;

import dev.riff.contracts.PlaybackLimits;
import dev.riff.contracts.StreamingService;
import java.util.Map;
import java.util.Optional;

/** Links to streaming services that premium unlocks; the server's (tier-capped) settings say which. */
final class PremiumSources {

    private PremiumSources() {
    }

    /** The refusal for a premium source's link, checked before anything loads; empty for any other query. */
    static Optional<Outcome> gate(String query, PlaybackLimits limits) {
        return StreamingService.ofLink(query).map(service -> Outcome.refused(service.enabledBy(limits) ? "source-unavailable" : "premium-required",
                Map.of("source", service.displayName())));
    }
}
