package dev.riff.playback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The Lavalink v4 protocol this node also speaks, for bots that use a Lavalink client. */
@ConfigMapping(prefix = "riff.lavalink")
public interface LavalinkConfig {

    /**
     * The password Lavalink clients send as {@code Authorization}. Without one the protocol is off and
     * its routes answer 404. Env: {@code RIFF_LAVALINK_PASSWORD}.
     */
    Optional<String> password();

    /** How often a playing player's position is sent (Lavalink's playerUpdateInterval). Default {@code 5s}. */
    @WithDefault("5s")
    Duration playerUpdateInterval();

    /** How often each session gets the node's stats; clients drop a node silent for 65 s. Default {@code 60s}. */
    @WithDefault("60s")
    Duration statsInterval();

    /** Sessions (connected or waiting to resume) a node holds at once. Default {@code 64}. */
    @WithDefault("64")
    int maxSessions();

    /** Players one session may hold. Default {@code 1000}. */
    @WithDefault("1000")
    int maxPlayersPerSession();
}
