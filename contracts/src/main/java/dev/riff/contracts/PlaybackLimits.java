package dev.riff.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The server's effective limits a playback command must respect, as config-service resolved them
 * for the channel (tier caps applied). A limit the gateway did not send takes its free-tier default,
 * so a command from an older gateway still plays within bounds.
 *
 * @param maxSongDuration seconds
 * @param voteSkipThreshold the share of listeners whose votes skip a track, 0 to 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlaybackLimits(
        Integer volumeLimit,
        Integer maxQueueSize,
        Integer maxSongDuration,
        Double voteSkipThreshold,
        Boolean autoplayEnabled,
        Boolean spotifyEnabled,
        Boolean appleMusicEnabled,
        Boolean deezerEnabled,
        Boolean lyricsEnabled) {

    public static final PlaybackLimits DEFAULTS = new PlaybackLimits(null, null, null, null, null, null, null, null, null);

    public PlaybackLimits {
        volumeLimit = volumeLimit == null ? 100 : volumeLimit;
        maxQueueSize = maxQueueSize == null ? 100 : maxQueueSize;
        maxSongDuration = maxSongDuration == null ? 3600 : maxSongDuration;
        voteSkipThreshold = voteSkipThreshold == null ? 0.5 : voteSkipThreshold;
        autoplayEnabled = autoplayEnabled != null && autoplayEnabled;
        spotifyEnabled = spotifyEnabled != null && spotifyEnabled;
        appleMusicEnabled = appleMusicEnabled != null && appleMusicEnabled;
        deezerEnabled = deezerEnabled != null && deezerEnabled;
        lyricsEnabled = lyricsEnabled != null && lyricsEnabled;
    }
}
