package dev.riff.config.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A partial update of a channel's overrides: set fields override the server's value; the names in
 * {@code inherit} go back to inheriting it.
 */
public record ChannelConfigurationPatch(
        Boolean musicEnabled,
        Boolean playlistsEnabled,
        Boolean spotifyEnabled,
        Boolean appleMusicEnabled,
        Boolean deezerEnabled,
        Boolean lyricsEnabled,
        Boolean sponsorBlockEnabled,
        @Min(value = 1, message = "must be between 1 and 200") @Max(value = 200, message = "must be between 1 and 200")
        Integer volumeLimit,
        @Min(value = 1, message = "must be between 1 and 10000") @Max(value = 10000, message = "must be between 1 and 10000")
        Integer maxQueueSize,
        @Min(value = 1, message = "must be between 1 and 86400 seconds") @Max(value = 86400, message = "must be between 1 and 86400 seconds")
        Integer maxSongDuration,
        Boolean djOnlyMode,
        Boolean allowExplicitContent,
        List<@Pattern(regexp = "musicEnabled|playlistsEnabled|spotifyEnabled|appleMusicEnabled|deezerEnabled|lyricsEnabled|sponsorBlockEnabled|volumeLimit|maxQueueSize|maxSongDuration|djOnlyMode|allowExplicitContent",
                message = "must name a channel setting") String> inherit) {
}
