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

    /** The shards this pod runs (e.g. {@code 0,1}); unset runs all of them, or its range of {@link #shardsPerPod()}. */
    Optional<List<Integer>> shardIds();

    /**
     * With a StatefulSet: how many consecutive shards each pod runs; pod {@code n} (its
     * {@link #podIndex()}) runs shards {@code n*k} to {@code n*k+k-1}. Needs a fixed {@link #shardTotal()}.
     */
    Optional<Integer> shardsPerPod();

    /** This pod's ordinal in its StatefulSet (Kubernetes' label apps.kubernetes.io/pod-index). */
    Optional<Integer> podIndex();

    /** The shards this pod runs: {@link #shardIds()}, else its StatefulSet range, else empty (all). */
    default Optional<List<Integer>> shardsOfThisPod() {
        if (shardIds().isPresent() || shardsPerPod().isEmpty()) {
            return shardIds();
        }
        return Optional.of(shardRange(podIndex().orElseThrow(() -> new IllegalStateException(
                "riff.discord.shards-per-pod needs riff.discord.pod-index (the StatefulSet's pod index)")), shardsPerPod().get(), shardTotal()));
    }

    /** Pod {@code index}'s shards when each runs {@code perPod} of {@code total}. */
    static List<Integer> shardRange(int index, int perPod, int total) {
        if (total < 1 || perPod < 1 || index < 0) {
            throw new IllegalStateException("shards per pod need a fixed shard total (riff.discord.shard-total), a count >= 1 and a pod index >= 0");
        }
        if (index * perPod >= total) {
            throw new IllegalStateException("pod " + index + " would run no shard: " + total + " shards, " + perPod + " per pod");
        }
        return java.util.stream.IntStream.range(index * perPod, Math.min(total, (index + 1) * perPod)).boxed().toList();
    }

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
