package dev.riff.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Limits the gateway enforces before anything reaches a playback node. */
@ConfigMapping(prefix = "riff.gateway")
public interface GatewayConfig {

    /** Commands one member may use per window. Default {@code 5}. */
    @WithDefault("5")
    int userCommandsPerWindow();

    /** Commands one guild may use per window. Default {@code 30}. */
    @WithDefault("30")
    int guildCommandsPerWindow();

    /** The rate-limit window. Default {@code 10s}. */
    @WithDefault("10s")
    Duration rateLimitWindow();

    /** Longest /play query. Default {@code 500} characters. */
    @WithDefault("500")
    int maxQueryLength();

    /** Longest wait for config-service while a command is being admitted. Default {@code 1500ms}. */
    @WithDefault("1500ms")
    Duration configTimeout();

    /** How long an effective configuration is reused without a change event. Default {@code 10s}. */
    @WithDefault("10s")
    Duration configCacheTtl();
}
