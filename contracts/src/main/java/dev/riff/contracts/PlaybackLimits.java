package dev.riff.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The server's effective limits a playback command must respect, as config-service resolved them
 * for the channel (tier caps applied); each is named for its {@link Setting}. A limit the gateway did
 * not send takes the setting's default, so a command from an older gateway still plays within bounds.
 *
 * @param maxSongDuration seconds
 * @param voteSkipThreshold the share of listeners whose votes skip a track, 0 to 1
 * @param subscriptionTier the server's plan (free, basic, premium, enterprise), which words a refusal
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
        Boolean lyricsEnabled,
        Boolean allowExplicitContent,
        String subscriptionTier,
        Boolean advancedSearchEnabled,
        Boolean sponsorBlockEnabled,
        String maxAudioQuality) {

    public static final PlaybackLimits DEFAULTS = new PlaybackLimits(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public PlaybackLimits {
        volumeLimit = volumeLimit == null ? Setting.VOLUME_LIMIT.defaultValue().asInt() : volumeLimit;
        maxQueueSize = maxQueueSize == null ? Setting.MAX_QUEUE_SIZE.defaultValue().asInt() : maxQueueSize;
        maxSongDuration = maxSongDuration == null ? Setting.MAX_SONG_DURATION.defaultValue().asInt() : maxSongDuration;
        voteSkipThreshold = voteSkipThreshold == null ? Setting.VOTE_SKIP_THRESHOLD.defaultValue().asDouble() : voteSkipThreshold;
        autoplayEnabled = autoplayEnabled != null && autoplayEnabled;
        spotifyEnabled = spotifyEnabled != null && spotifyEnabled;
        appleMusicEnabled = appleMusicEnabled != null && appleMusicEnabled;
        deezerEnabled = deezerEnabled != null && deezerEnabled;
        lyricsEnabled = lyricsEnabled != null && lyricsEnabled;
        allowExplicitContent = allowExplicitContent == null ? Setting.ALLOW_EXPLICIT_CONTENT.defaultValue().asBoolean() : allowExplicitContent;
        subscriptionTier = subscriptionTier == null ? "free" : subscriptionTier;
        advancedSearchEnabled = advancedSearchEnabled != null && advancedSearchEnabled;
        sponsorBlockEnabled = sponsorBlockEnabled != null && sponsorBlockEnabled;
        maxAudioQuality = maxAudioQuality == null ? Setting.MAX_AUDIO_QUALITY.defaultValue().asText() : maxAudioQuality;
    }

    public boolean freeTier() {
        return "free".equals(subscriptionTier);
    }
}
