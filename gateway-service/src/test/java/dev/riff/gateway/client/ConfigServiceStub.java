package dev.riff.gateway.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.riff.devkit.discord.DiscordSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway against the Discord simulator and an HTTP stub of config-service (WireMock): the stub
 * answers what the real service seldom does on demand (slow, failing, newer or partial answers).
 */
public class ConfigServiceStub implements QuarkusTestResourceLifecycleManager {

    static DiscordSimulator simulator;
    static WireMockServer configService;

    @Override
    public Map<String, String> start() {
        simulator = DiscordSimulator.start(0, DiscordSimulator.DEFAULT_TOKEN, DiscordSimulator.DEFAULT_APPLICATION_ID,
                Duration.ofSeconds(5));
        configService = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        configService.start();
        return Map.of(
                "riff.discord.simulator-url", "http://127.0.0.1:" + simulator.port(),
                "quarkus.rest-client.config-service.url", configService.baseUrl());
    }

    @Override
    public void stop() {
        if (configService != null) {
            configService.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
