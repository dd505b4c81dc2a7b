package dev.riff.playback;

import dev.riff.support.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

@QuarkusTest
class PlaybackServiceBootTest extends ServiceBootContract {

    /** Players, queues and history change as commands arrive from Kafka and as tracks play; no API route writes them. */
    @Override
    protected Set<String> tablesChangedInTheBackground() {
        return Set.of("queue", "queue_item", "guild_player", "playback_history", "processed_command", "lyrics_cache");
    }
}
