package dev.riff.gateway.client;

import dev.riff.contracts.grpc.config.v1.EffectiveConfigurationRequest;
import dev.riff.contracts.grpc.config.v1.MutinyConfigurationGrpc.MutinyConfigurationStub;
import dev.riff.gateway.config.GatewayConfig;
import dev.riff.gateway.domain.EffectiveConfiguration;
import dev.riff.support.auth.BearerCredentials;
import dev.riff.support.grpc.JsonValues;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A guild's effective configuration from config-service over gRPC (riff.config.v1), the gateway's
 * hottest internal call: the fleet's service credential and a deadline on every call, so a slow
 * config-service fails the lookup (DEADLINE_EXCEEDED) and frees the call on both sides.
 */
@ApplicationScoped
public class ConfigurationLookup {

    private final MutinyConfigurationStub stub;
    private final GatewayConfig config;

    ConfigurationLookup(@GrpcClient("config-service") MutinyConfigurationStub stub, GatewayConfig config,
            @ConfigProperty(name = "riff.auth.callers.gateway.token") String token) {
        this.stub = stub.withCallCredentials(BearerCredentials.of(token));
        this.config = config;
    }

    public Uni<EffectiveConfiguration> effective(String guildId, String channelId) {
        EffectiveConfigurationRequest.Builder request = EffectiveConfigurationRequest.newBuilder().setGuildId(guildId);
        if (channelId != null) {
            request.setChannelId(channelId);
        }
        // A deadline is absolute in gRPC: it is taken per call, never once per stub.
        return stub.withDeadlineAfter(config.configTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .getEffectiveConfiguration(request.build())
                .map(answer -> {
                    Map<String, com.fasterxml.jackson.databind.JsonNode> values = new LinkedHashMap<>();
                    answer.getValuesMap().forEach((name, value) -> values.put(name, JsonValues.toJson(value)));
                    return new EffectiveConfiguration(answer.getGuildId(), answer.getChannelId().isEmpty() ? null : answer.getChannelId(),
                            values, answer.getSourcesMap());
                });
    }
}
