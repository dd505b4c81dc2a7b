package dev.riff.eventstore.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A guild's player and queue (playback-service's guild_player and queue): the current track, the
 * queue's length and last change, pause, volume, loop mode and filter. The fold follows PlaybackService:
 * starting a track takes it off the head of a non-empty queue (autoplay only picks from history when
 * the queue is empty), and a finished track is queued again when the loop mode is track or queue.
 */
@ApplicationScoped
public class GuildPlayerFold implements Fold {

    @Override
    public String aggregateType() {
        return EventTypes.QUEUE_CHANGED.aggregateType();
    }

    @Override
    public ObjectNode initial() {
        ObjectNode state = CloudEventCodec.mapper().createObjectNode();
        state.putNull("current");
        state.put("queueLength", 0);
        state.putNull("lastQueueChange");
        state.put("paused", false);
        state.put("volume", 100);
        state.put("loopMode", "off");
        state.put("filter", "off");
        return state;
    }

    @Override
    public void apply(ObjectNode state, String eventType, JsonNode data) {
        if (data == null) {
            return;
        }
        int queueLength = state.get("queueLength").asInt();
        if (eventType.equals(EventTypes.QUEUE_CHANGED.name())) {
            state.put("queueLength", data.path("length").asInt());
            state.put("lastQueueChange", data.path("change").asText(null));
        } else if (eventType.equals(EventTypes.TRACK_STARTED.name())) {
            ObjectNode current = state.putObject("current");
            for (String field : new String[] {"title", "url", "source", "requestedBy"}) {
                current.put(field, data.path(field).asText(null));
            }
            current.put("durationMs", data.path("durationMs").asLong());
            state.put("queueLength", Math.max(0, queueLength - 1));
        } else if (eventType.equals(EventTypes.TRACK_ENDED.name())) {
            state.putNull("current");
            String loopMode = state.get("loopMode").asText();
            if ("finished".equals(data.path("reason").asText()) && (loopMode.equals("track") || loopMode.equals("queue"))) {
                state.put("queueLength", queueLength + 1);
            }
        } else if (eventType.equals(EventTypes.PLAYER_STATE_CHANGED.name())) {
            state.put("paused", data.path("paused").asBoolean());
            state.put("volume", data.path("volume").asInt());
            state.put("loopMode", data.path("loopMode").asText());
            state.put("filter", data.path("filter").asText("off"));
        }
    }
}
