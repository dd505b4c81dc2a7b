package dev.riff.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** How the gateway reaches Discord: the real one with a token, or the Discord simulator without. */
@ConfigMapping(prefix = "riff.discord")
public interface DiscordConfig {

    /** The bot token (env {@code DISCORD_TOKEN}). Unset: connect to the simulator at {@link #simulatorUrl()}. */
    Optional<String> token();

    /** The Discord simulator's base URL, used when no token is set. Default {@code http://127.0.0.1:8090}. */
    @WithDefault("http://127.0.0.1:8090")
    String simulatorUrl();

    /** The token the simulator accepts. Default {@code simulated-bot-token}. */
    @WithDefault("simulated-bot-token")
    String simulatorToken();

    /**
     * The application's Ed25519 public key (hex) for verifying HTTP interactions (env
     * {@code DISCORD_PUBLIC_KEY}). Unset with the simulator: read from the simulated application.
     */
    Optional<String> publicKey();

    /** Total shards across all gateway pods; {@code -1} uses Discord's recommendation. Default {@code -1}. */
    @WithDefault("-1")
    int shardTotal();

    /** The shards this pod runs (e.g. {@code 0,1}); unset runs all of them. */
    Optional<List<Integer>> shardIds();

    /** Whether to connect to Discord at all. Default {@code true}. */
    @WithDefault("true")
    boolean enabled();

    /** HTTP interactions older than this many seconds are refused as replays. Default {@code 300}. */
    @WithDefault("300")
    int interactionMaxAgeSeconds();

    default boolean simulated() {
        return token().filter(t -> !t.isBlank()).isEmpty();
    }

    default String botToken() {
        return simulated() ? simulatorToken() : token().orElseThrow();
    }
}
