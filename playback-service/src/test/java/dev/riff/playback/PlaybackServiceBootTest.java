package dev.riff.playback;

import dev.riff.support.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PlaybackServiceBootTest extends ServiceBootContract {
}
