package dev.riff.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How webhooks are delivered; defaults follow the schedules webhook services people trust use. */
@ConfigMapping(prefix = "riff.webhooks")
public interface WebhookConfig {

    /** Wait before each retry (the first attempt is immediate): Svix's schedule. */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Each wait is spread by up to this share either way, so retries of many messages do not arrive together. */
    @WithDefault("0.2")
    double jitter();

    /** One attempt's whole time: connect, send, and read the answer. */
    @WithDefault("15s")
    Duration timeout();

    /** How much of an answer is read (the rest is not) and how much of it the attempt log keeps. */
    @WithDefault("65536")
    int maxResponseBytes();

    @WithDefault("1024")
    int storedResponseChars();

    /** An endpoint failing every attempt for this long is disabled, and the guild's admins told. */
    @WithDefault("P5D")
    Duration disableAfter();

    /** Attempts in flight to one endpoint at most: a slow endpoint holds only its own slots. */
    @WithDefault("4")
    int perEndpointConcurrency();

    /** Attempts in flight on this replica at most. */
    @WithDefault("256")
    int maxInFlight();

    /** How long a replica holds a message it is sending; past it, another replica may retry it. */
    @WithDefault("60s")
    Duration lease();

    /** After a rotation the previous secret signs too, for this long. */
    @WithDefault("P1D")
    Duration rotationOverlap();

    /** Endpoints per guild on the free and the premium tier. */
    @WithDefault("2")
    int freeEndpoints();

    @WithDefault("10")
    int premiumEndpoints();

    /** Hosts (host:port, or host:* for any port) that may be reached over plain http and on private addresses: development only. */
    Optional<List<String>> developmentHosts();
}
