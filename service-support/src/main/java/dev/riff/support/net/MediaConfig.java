package dev.riff.support.net;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Where media may be fetched from, read by the gateway (early refusal) and the playback nodes (the fetch itself). */
@ConfigMapping(prefix = "riff.media")
public interface MediaConfig {

    /**
     * Exact {@code host:port} pairs an operator trusts although they resolve to private addresses
     * (an internal media server), comma-separated; env {@code RIFF_MEDIA_TRUSTED_HOSTS}. Default: none.
     */
    Optional<List<String>> trustedHosts();
}
