package dev.riff.devkit.discord;

import java.util.Collection;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.SessionController;

/** Unmodified JDA pointed at the simulator: its REST base and its gateway, nothing else changed. */
final class SimulatorShards {

    private SimulatorShards() {
    }

    static DefaultShardManagerBuilder builder(DiscordSimulator simulator, String token) {
        return DefaultShardManagerBuilder.createDefault(token)
                .setRestConfig(new RestConfig().setBaseUrl(simulator.apiBaseUrl()))
                .setSessionController(gatewayOf(simulator));
    }

    /** One JDA session (one shard) with exactly these intents. */
    static JDABuilder single(DiscordSimulator simulator, String token, Collection<GatewayIntent> intents) {
        return JDABuilder.create(token, intents)
                .setRestConfig(new RestConfig().setBaseUrl(simulator.apiBaseUrl()))
                .setSessionController(gatewayOf(simulator));
    }

    private static SessionController gatewayOf(DiscordSimulator simulator) {
        String gatewayUrl = simulator.gatewayUrl();
        return new ConcurrentSessionController() {
            @Override
            public String getGateway() {
                return gatewayUrl;
            }
        };
    }
}
