package dev.riff.config.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.config.service.EffectiveConfigurationService;
import dev.riff.config.service.GuildWatch;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.grpc.config.v1.ConfigurationGrpc;
import dev.riff.contracts.grpc.config.v1.EffectiveConfiguration;
import dev.riff.contracts.grpc.config.v1.EffectiveConfigurationRequest;
import dev.riff.contracts.grpc.config.v1.GuildConfigurationChanged;
import dev.riff.contracts.grpc.config.v1.WatchGuildRequest;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.grpc.GrpcStreams;
import dev.riff.support.grpc.JsonValues;
import dev.riff.support.rest.Snowflake;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/**
 * config-service's lookups over gRPC (riff.config.v1.Configuration), on the same service code and
 * cache as the REST API's effective configuration.
 */
@GrpcService
public class ConfigurationGrpcService extends ConfigurationGrpc.ConfigurationImplBase {

    private final EffectiveConfigurationService effective;
    private final GuildWatch watch;

    ConfigurationGrpcService(EffectiveConfigurationService effective, GuildWatch watch) {
        this.effective = effective;
        this.watch = watch;
    }

    @Override
    @RequiresScope("config:read")
    public void getEffectiveConfiguration(EffectiveConfigurationRequest request, StreamObserver<EffectiveConfiguration> observer) {
        GrpcStreams.answer(effective(request), observer);
    }

    private Uni<EffectiveConfiguration> effective(EffectiveConfigurationRequest request) {
        if (!request.getGuildId().matches(Snowflake.PATTERN)) {
            return invalid("guildId: " + Snowflake.MESSAGE);
        }
        if (!request.getChannelId().isEmpty() && !request.getChannelId().matches(Snowflake.PATTERN)) {
            return invalid("channelId: " + Snowflake.MESSAGE);
        }
        return effective.effective(request.getGuildId(), request.getChannelId().isEmpty() ? null : request.getChannelId())
                .map(ConfigurationGrpcService::message);
    }

    /** Changes go out as the watcher takes them (gRPC flow control); one that stops reading fills its buffer and is ended. */
    @Override
    @RequiresScope("config:read")
    public void watchGuild(WatchGuildRequest request, StreamObserver<GuildConfigurationChanged> observer) {
        GrpcStreams.stream(watch(request), observer);
    }

    private Multi<GuildConfigurationChanged> watch(WatchGuildRequest request) {
        if (!request.getGuildId().matches(Snowflake.PATTERN)) {
            return Multi.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("guildId: " + Snowflake.MESSAGE).asRuntimeException());
        }
        return watch.watch(request.getGuildId())
                .map(event -> {
                    GuildConfigurationChanged.Builder changed = GuildConfigurationChanged.newBuilder().setGuildId(request.getGuildId())
                            .setEventType(event.type()).setEventId(event.id());
                    JsonNode channel = event.data() == null ? null : event.data().get("channelId");
                    if (channel != null && channel.isTextual()) {
                        changed.setChannelId(channel.asText());
                    }
                    return changed.build();
                })
                .onFailure(BackPressureFailure.class).transform(failure -> Status.RESOURCE_EXHAUSTED
                        .withDescription("this watcher fell too far behind: watch again and re-read the configuration").asRuntimeException());
    }

    /** The cached JSON answer (an EffectiveConfigurationService.Effective) as the protocol's message. */
    static EffectiveConfiguration message(String json) {
        JsonNode tree;
        try {
            tree = CloudEventCodec.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("the effective configuration is JSON this service wrote", e);
        }
        EffectiveConfiguration.Builder message = EffectiveConfiguration.newBuilder().setGuildId(tree.path("guildId").asText());
        if (tree.hasNonNull("channelId")) {
            message.setChannelId(tree.get("channelId").asText());
        }
        tree.path("values").properties().forEach(entry -> message.putValues(entry.getKey(), JsonValues.toValue(entry.getValue())));
        tree.path("sources").properties().forEach(entry -> message.putSources(entry.getKey(), entry.getValue().asText()));
        return message.build();
    }

    private static <T> Uni<T> invalid(String description) {
        return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException());
    }
}
