package dev.riff.gateway.messaging;

import dev.riff.gateway.service.ConfigurationCache;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Any configuration change of a guild drops this pod's cached configurations of that guild. */
@ApplicationScoped
public class ConfigEventsConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("config-events", 1);

    private final ConfigurationCache cache;

    ConfigEventsConsumer(ConfigurationCache cache) {
        this.cache = cache;
    }

    @Incoming("config-events")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, event -> {
            if (event.partitionkey() != null) {
                cache.invalidate(event.partitionkey());
            }
            return Uni.createFrom().voidItem();
        });
    }
}
