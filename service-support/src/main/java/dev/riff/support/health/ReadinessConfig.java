package dev.riff.support.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * What a service's readiness means: for each piece of infrastructure, whether the service cannot
 * serve without it ({@code required}: unreachable makes it DOWN), serves on without it
 * ({@code degraded}: reported, stays UP; the outbox keeps its events until the broker is back), or
 * does not use it ({@code unused}: not checked).
 */
@ConfigMapping(prefix = "riff.readiness")
public interface ReadinessConfig {

    enum Need { REQUIRED, DEGRADED, UNUSED }

    @WithDefault("required")
    Need postgresql();

    @WithDefault("unused")
    Need redis();

    @WithDefault("required")
    Need kafka();

    /** Longest wait for each dependency's answer; the whole check answers within it. Default {@code 1500ms}. */
    @WithDefault("1500ms")
    Duration timeout();

    /** How often the broker is probed for the {@code riff_kafka_broker_reachable} gauge. Default {@code 10s}. */
    @WithDefault("10s")
    Duration kafkaProbeInterval();
}
