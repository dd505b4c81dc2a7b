package dev.riff.config.service;

import dev.riff.contracts.CloudEvent;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This replica's watchers of guilds' configuration changes, fed by every config.events record (a
 * consumer group of the replica's own). Each watcher gets its guild's events from its own bounded
 * buffer: one that falls 1,024 events behind is ended, never slowing the others or growing memory.
 */
// Started with the service, so its gauge is there (at 0) before the first watcher.
@Startup
@ApplicationScoped
public class GuildWatch {

    /** How far a watcher may fall behind before its watch ends (it watches again and re-reads). */
    static final int WATCHER_BUFFER = 1024;

    private final BroadcastProcessor<CloudEvent> changes = BroadcastProcessor.create();
    private final AtomicInteger watchers = new AtomicInteger();

    // Not in the constructor: the bean's client proxy runs that too, and the gauge would keep the proxy's count.
    @PostConstruct
    void registerGauge() {
        Metrics.gauge("riff_config_guild_watchers", watchers);
    }

    /** A configuration event, as this replica's consumer reads it. */
    public void changed(CloudEvent event) {
        changes.onNext(event);
    }

    /** The guild's configuration events from now on, without end. */
    public Multi<CloudEvent> watch(String guildId) {
        return changes.filter(event -> guildId.equals(event.partitionkey()))
                .onOverflow().buffer(WATCHER_BUFFER)
                .onSubscription().invoke(watchers::incrementAndGet)
                .onTermination().invoke(watchers::decrementAndGet);
    }
}
