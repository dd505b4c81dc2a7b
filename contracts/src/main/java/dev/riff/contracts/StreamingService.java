package dev.riff.contracts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Streaming services whose links premium unlocks. Their links are resolved to metadata through the
 * service's API and played from another source, so they are never fetched as media: the gateway
 * does not pre-resolve their hosts, and a playback node gates them by the server's settings.
 */
public enum StreamingService {
    SPOTIFY("Spotify", "spotify.com", PlaybackLimits::spotifyEnabled),
    APPLE_MUSIC("Apple Music", "music.apple.com", PlaybackLimits::appleMusicEnabled),
    DEEZER("Deezer", "deezer.com", PlaybackLimits::deezerEnabled);

    private final String displayName;
    private final Pattern link;
    private final Predicate<PlaybackLimits> enabled;

    StreamingService(String displayName, String host, Predicate<PlaybackLimits> enabled) {
        this.displayName = displayName;
        this.link = Pattern.compile("https?://([a-z0-9-]+\\.)*" + Pattern.quote(host) + "(/.*)?");
        this.enabled = enabled;
    }

    /** The service whose link this query is (on its own hosts only); empty for a search or any other URL. */
    public static Optional<StreamingService> ofLink(String query) {
        String lower = query == null ? "" : query.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(service -> service.link.matcher(lower).matches()).findFirst();
    }

    public String displayName() {
        return displayName;
    }

    /** Whether the server's (tier-capped) settings let its members play this service's links. */
    public boolean enabledBy(PlaybackLimits limits) {
        return enabled.test(limits);
    }
}
