package dev.riff.config.messaging;

import dev.riff.config.service.GuildWatch;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Every config.events record, to this replica's guild watchers (a consumer group per replica, from the latest record). */
@ApplicationScoped
public class GuildWatchConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("guild-watch", 1);

    private final GuildWatch watch;

    GuildWatchConsumer(GuildWatch watch) {
        this.watch = watch;
    }

    @Incoming("guild-watch")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, event -> {
            if (event.partitionkey() != null) {
                watch.changed(event);
            }
            return Uni.createFrom().voidItem();
        });
    }
}
