package dev.riff.playback.command;

import dev.riff.contracts.PlaybackLimits;
import dev.riff.contracts.StreamingService;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Links to streaming services that premium unlocks; the server's (tier-capped) settings say which, and the node must read them. */
final class PremiumSources {

    private PremiumSources() {
    }

    /**
     * The refusal for a streaming service's link, checked before anything loads: a free server needs
     * premium for it; a paying one has it off in this channel or server (or its plan lacks it); or
     * this bot has no credentials for the service. Empty for any other query.
     */
    static Optional<Outcome> gate(String query, PlaybackLimits limits, Predicate<StreamingService> configured) {
        return StreamingService.ofLink(query)
                .filter(service -> !service.enabledBy(limits) || !configured.test(service))
                .map(service -> Outcome.refused(service.enabledBy(limits) ? "source-not-configured"
                        : limits.freeTier() ? "premium-required" : "source-disabled", Map.of("source", service.displayName())));
    }
}
