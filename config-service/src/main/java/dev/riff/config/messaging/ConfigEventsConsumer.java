package dev.riff.config.messaging;

import dev.riff.config.service.EffectiveConfigurationCache;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Drops a guild's cached effective configurations for each of its config.events. The writer already
 * dropped them after its commit; this covers a writer that died between the commit and the drop
 * (the outbox still publishes the event). Redis briefly unavailable is retried; the cache's TTL
 * bounds staleness if it stays down.
 */
@ApplicationScoped
public class ConfigEventsConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("config-events", 3);

    private final EffectiveConfigurationCache cache;

    ConfigEventsConsumer(EffectiveConfigurationCache cache) {
        this.cache = cache;
    }

    @Incoming("config-events")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, event -> event.partitionkey() == null ? Uni.createFrom().voidItem()
                : cache.invalidate(event.partitionkey()));
    }
}
