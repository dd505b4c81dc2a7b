package dev.riff.playback.lavalink;

import dev.riff.devkit.audio.DemoLibrary;
import dev.riff.devkit.discord.DiscordSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A node with the Lavalink protocol on (with a password), the devkit's demo library (offline tracks)
 * and the Discord simulator's voice servers trusted, so a Lavalink player can be heard.
 */
public class DemoLibraryNode implements QuarkusTestResourceLifecycleManager {

    static final String PASSWORD = "lavalink-test-password";
    static DiscordSimulator discord;

    private DemoLibrary library;

    @Override
    public Map<String, String> start() {
        library = DemoLibrary.serve(0);
        discord = DiscordSimulator.start(0);
        return Map.of("riff.playback.demo-library-url", library.url(), "riff.lavalink.password", PASSWORD,
                "riff.lavalink.player-update-interval", "1s", "riff.lavalink.stats-interval", "2s", "riff.playback.voice-trusted-ca", discord.voiceTrustedCa().toString());
    }

    @Override
    public void stop() {
        library.close();
        discord.close();
    }
}
