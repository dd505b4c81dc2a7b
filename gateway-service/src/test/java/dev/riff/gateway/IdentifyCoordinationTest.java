package dev.riff.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.gateway.client.IdentifyLock;
import dev.riff.gateway.client.RedisSessionController;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;

/**
 * Two gateway "pods" splitting two shards start at the same moment; Discord allows one identify
 * per 5 seconds (max_concurrency 1), and the Redis-backed session controller keeps them apart.
 */
@QuarkusTest
@QuarkusTestResource(value = DiscordEdgeResource.class, restrictToAnnotatedClass = true)
class IdentifyCoordinationTest {

    @Inject
    IdentifyLock identifyLock;

    @Test
    void podsSplittingTheShardsIdentifyAtLeastFiveSecondsApart() {
        DiscordSimulator simulator = DiscordEdgeResource.simulator;
        Instant start = Instant.now();
        List<ShardManager> pods = new ArrayList<>();
        try {
            for (int shard = 0; shard < 2; shard++) {
                pods.add(DefaultShardManagerBuilder.createLight(DiscordSimulator.DEFAULT_TOKEN)
                        .setRestConfig(new RestConfig().setBaseUrl(simulator.apiBaseUrl()))
                        .setSessionController(new RedisSessionController(identifyLock, simulator.gatewayUrl()))
                        .setShardsTotal(2)
                        .setShards(shard)
                        .build());
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> pods.stream()
                    .allMatch(pod -> !pod.getShards().isEmpty() && pod.getShards().getFirst().getStatus() == JDA.Status.CONNECTED));
            List<Instant> identifies = simulator.gateway().events().stream()
                    .filter(e -> e.kind().equals("identify") && e.at().isAfter(start))
                    .map(e -> e.at()).sorted().toList();
            assertTrue(identifies.size() >= 2, "both pods identified: " + identifies);
            for (int i = 1; i < identifies.size(); i++) {
                Duration gap = Duration.between(identifies.get(i - 1), identifies.get(i));
                assertTrue(gap.compareTo(Duration.ofSeconds(5)) >= 0, "identifies " + gap.toMillis() + " ms apart");
            }
        } finally {
            pods.forEach(ShardManager::shutdown);
        }
    }
}
