package dev.riff.playback;

import dev.riff.devkit.audio.MediaServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The tests' media server on loopback, trusted by the node as the operator would: its exact host and port. */
public class TrustedMediaServer implements QuarkusTestResourceLifecycleManager {

    static MediaServer media;

    @Override
    public Map<String, String> start() {
        media = new MediaServer();
        return Map.of("riff.media.trusted-hosts", media.hostPort());
    }

    @Override
    public void stop() {
        media.close();
    }
}
