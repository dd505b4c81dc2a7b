package dev.riff.gateway.health;

import dev.riff.gateway.client.DiscordShards;
import dev.riff.gateway.config.DiscordConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every shard this pod runs is connected to Discord (or the simulator). */
@Readiness
@ApplicationScoped
public class DiscordHealthCheck implements HealthCheck {

    private final DiscordShards shards;
    private final DiscordConfig config;

    DiscordHealthCheck(DiscordShards shards, DiscordConfig config) {
        this.shards = shards;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Discord gateway").withData("target", config.simulated() ? "simulator" : "discord");
        if (!config.enabled()) {
            return response.withData("enabled", false).up().build();
        }
        List<String> disconnected = shards.disconnectedShards();
        return disconnected.isEmpty() ? response.up().build()
                : response.withData("disconnected", String.join(", ", disconnected)).down().build();
    }
}
