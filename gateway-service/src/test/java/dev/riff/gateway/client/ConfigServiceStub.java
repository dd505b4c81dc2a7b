package dev.riff.gateway.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.riff.devkit.discord.DiscordSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway against the Discord simulator and stubs of config-service: its REST API in WireMock and
 * its gRPC lookup in grpc-java's server ({@link ConfigLookupStub}), answering what the real service
 * seldom does on demand (slow, failing, newer or partial answers).
 */
public class ConfigServiceStub implements QuarkusTestResourceLifecycleManager {

    static DiscordSimulator simulator;
    static WireMockServer configService;
    static ConfigLookupStub lookups;

    @Override
    public Map<String, String> start() {
        simulator = DiscordSimulator.start(0, DiscordSimulator.DEFAULT_TOKEN, DiscordSimulator.DEFAULT_APPLICATION_ID,
                Duration.ofSeconds(5));
        configService = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        configService.start();
        try {
            lookups = new ConfigLookupStub();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the gRPC stub did not start", e);
        }
        return Map.of(
                "riff.discord.simulator-url", "http://127.0.0.1:" + simulator.port(),
                "quarkus.rest-client.config-service.url", configService.baseUrl(),
                "quarkus.grpc.clients.config-service.port", Integer.toString(lookups.port()));
    }

    @Override
    public void stop() {
        if (lookups != null) {
            try {
                lookups.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (configService != null) {
            configService.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
