package dev.riff.devkit.discord;

import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.requests.RestConfig;

/** Unmodified JDA pointed at the simulator: its REST base and its gateway, nothing else changed. */
final class SimulatorShards {

    private SimulatorShards() {
    }

    static DefaultShardManagerBuilder builder(DiscordSimulator simulator, String token) {
        String gatewayUrl = simulator.gatewayUrl();
        return DefaultShardManagerBuilder.createDefault(token)
                .setRestConfig(new RestConfig().setBaseUrl(simulator.apiBaseUrl()))
                .setSessionController(new ConcurrentSessionController() {
                    @Override
                    public String getGateway() {
                        return gatewayUrl;
                    }
                });
    }
}
