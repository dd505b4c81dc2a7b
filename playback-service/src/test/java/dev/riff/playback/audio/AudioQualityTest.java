package dev.riff.playback.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sedmelluq.discord.lavaplayer.player.AudioConfiguration;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.DelegatedAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.LocalAudioTrackExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each player's tracks run with its guild's quality, whatever the node's own configuration says. */
class AudioQualityTest {

    @Test
    void aTrackRunsWithItsPlayersQualityAndOtherPlayersKeepTheirs() throws Exception {
        QualityPlayerManager manager = new QualityPlayerManager();
        try {
            AudioPlayer low = manager.createPlayer();
            AudioPlayer high = manager.createPlayer();
            AudioPlayer untouched = manager.createPlayer();
            manager.quality(low, AudioQuality.of("low"));
            manager.quality(high, AudioQuality.of("HIGH"));
            assertEquals(AudioConfiguration.ResamplingQuality.LOW, configurationOf(low, manager).getResamplingQuality());
            assertEquals(3, configurationOf(low, manager).getOpusEncodingQuality());
            assertEquals(AudioConfiguration.ResamplingQuality.HIGH, configurationOf(high, manager).getResamplingQuality());
            assertEquals(10, configurationOf(high, manager).getOpusEncodingQuality());
            assertEquals(manager.getConfiguration().getResamplingQuality(), configurationOf(untouched, manager).getResamplingQuality(),
                    "a player with no quality set runs with the node's");
            assertEquals(AudioQuality.STANDARD, AudioQuality.of("studio"), "an unknown level is standard");
        } finally {
            manager.shutdown();
        }
    }

    /** The configuration lavaplayer hands the next track the player plays. */
    private static AudioConfiguration configurationOf(AudioPlayer player, QualityPlayerManager manager) throws Exception {
        CompletableFuture<AudioConfiguration> seen = new CompletableFuture<>();
        player.playTrack(new DelegatedAudioTrack(new AudioTrackInfo("probe", "test", 1000, "probe", false, "probe")) {
            @Override
            public void process(LocalAudioTrackExecutor executor) {
                seen.complete(executor.getProcessingContext().configuration);
            }
        });
        AudioConfiguration configuration = seen.get(10, TimeUnit.SECONDS);
        player.stopTrack();
        return configuration;
    }
}
