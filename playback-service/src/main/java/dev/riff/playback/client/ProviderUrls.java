package dev.riff.playback.client;

import java.net.URI;
import org.jboss.logging.Logger;

/** Addresses on a provider's API, whose base URL the operator configures (with or without a trailing slash). */
final class ProviderUrls {

    private static final Logger LOG = Logger.getLogger(ProviderUrls.class);

    private ProviderUrls() {
    }

    /** The base URL with a path and query after it. */
    static URI at(URI base, String pathAndQuery) {
        return URI.create(trimmed(base) + pathAndQuery);
    }

    /**
     * The path and query of a link the provider gave (a {@code next} page), when it lies under
     * {@code prefix} on the configured API; null otherwise, so a provider's answer can never send the
     * node to another host.
     */
    static String pathOn(URI base, String prefix, String link, String provider) {
        String api = trimmed(base);
        if (link == null || !link.startsWith(api + prefix)) {
            if (link != null) {
                LOG.warnf("%s gave a next page off its API; not followed: %s", provider, link);
            }
            return null;
        }
        return link.substring(api.length());
    }

    private static String trimmed(URI base) {
        return base.toString().replaceAll("/+$", "");
    }
}
