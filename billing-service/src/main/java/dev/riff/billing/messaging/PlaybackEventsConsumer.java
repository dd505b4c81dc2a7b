package dev.riff.billing.messaging;

import dev.riff.billing.service.UsageMeter;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.TrackEvent;
import dev.riff.support.messaging.CloudEventReader;
import dev.riff.support.messaging.ConsumerPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Usage from playback.events: a track started is a request of the member who asked for it, a track
 * ended adds the time it played. Tracks nobody requested (autoplay) count for no one.
 */
@ApplicationScoped
public class PlaybackEventsConsumer {

    private static final ConsumerPolicy POLICY = ConsumerPolicy.retrying("playback-events", 10);

    private final UsageMeter usage;

    PlaybackEventsConsumer(UsageMeter usage) {
        this.usage = usage;
    }

    @Incoming("playback-events")
    public Uni<Void> consume(String record) {
        return POLICY.consume(record, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        boolean started = EventTypes.TRACK_STARTED.name().equals(event.type());
        if (!started && !EventTypes.TRACK_ENDED.name().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        TrackEvent track = CloudEventReader.data(event, started ? EventTypes.TRACK_STARTED : EventTypes.TRACK_ENDED);
        if (track.requestedBy() == null || !track.requestedBy().matches("[0-9]{17,20}")) {
            return Uni.createFrom().voidItem();
        }
        CloudEventReader.require(event.time() != null, event, "time is required");
        // A track's end reports where it was; never more than its length, never negative, whatever the event says.
        long played = started ? 0 : Math.max(0, track.durationMs() > 0 ? Math.min(track.positionMs(), track.durationMs()) : track.positionMs());
        return usage.count(event.id(), track.requestedBy(), event.time(), started ? 1 : 0, played).replaceWithVoid();
    }
}
