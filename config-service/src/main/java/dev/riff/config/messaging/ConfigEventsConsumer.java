package dev.riff.config.messaging;

import dev.riff.config.service.EffectiveConfigurationCache;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Drops a guild's cached effective configurations for each of its config.events. The writer already
 * dropped them after its commit; this covers a writer that died between the commit and the drop
 * (the outbox still publishes the event).
 */
@ApplicationScoped
public class ConfigEventsConsumer {

    private final EffectiveConfigurationCache cache;

    ConfigEventsConsumer(EffectiveConfigurationCache cache) {
        this.cache = cache;
    }

    @Incoming("config-events")
    public Uni<Void> consume(String record) {
        try {
            CloudEvent event = CloudEventCodec.read(record);
            return event.partitionkey() == null ? Uni.createFrom().voidItem() : cache.invalidate(event.partitionkey());
        } catch (IllegalArgumentException malformed) {
            return Uni.createFrom().voidItem();
        }
    }
}
