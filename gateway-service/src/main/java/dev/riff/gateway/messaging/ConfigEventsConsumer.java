package dev.riff.gateway.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.gateway.service.ConfigurationCache;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Any configuration change of a guild drops this pod's cached configurations of that guild. */
@ApplicationScoped
public class ConfigEventsConsumer {

    private final ConfigurationCache cache;

    ConfigEventsConsumer(ConfigurationCache cache) {
        this.cache = cache;
    }

    @Incoming("config-events")
    public void consume(String record) {
        try {
            CloudEvent event = CloudEventCodec.read(record);
            if (event.partitionkey() != null) {
                cache.invalidate(event.partitionkey());
            }
        } catch (IllegalArgumentException malformed) {
            // not a CloudEvent: nothing to invalidate
        }
    }
}
