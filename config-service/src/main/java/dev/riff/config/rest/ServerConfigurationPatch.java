package dev.riff.config.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A partial update of a server configuration: absent (null) fields stay as they are. */
public record ServerConfigurationPatch(
        Boolean spotifyEnabled,
        Boolean appleMusicEnabled,
        Boolean deezerEnabled,
        Boolean lyricsEnabled,
        Boolean sponsorBlockEnabled,
        Boolean advancedSearchEnabled,
        @Pattern(regexp = "low|standard|high|lossless", message = "must be one of low, standard, high, lossless")
        String maxAudioQuality,
        @Min(value = 1, message = "must be between 1 and 200") @Max(value = 200, message = "must be between 1 and 200")
        Integer volumeLimit,
        @Min(value = 1, message = "must be between 1 and 10000") @Max(value = 10000, message = "must be between 1 and 10000")
        Integer maxQueueSize,
        @Min(value = 1, message = "must be between 1 and 86400 seconds") @Max(value = 86400, message = "must be between 1 and 86400 seconds")
        Integer maxSongDuration,
        Boolean allowExplicitContent,
        @Pattern(regexp = "[0-9]{17,20}", message = "must be a Discord snowflake id")
        String djRoleId,
        Boolean djOnlyMode,
        Boolean voteSkipEnabled,
        @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0 and at most 1")
        @DecimalMax(value = "1", message = "must be greater than 0 and at most 1")
        Float voteSkipThreshold,
        Boolean autoplayEnabled,
        @Pattern(regexp = "similar|history", message = "must be one of similar, history")
        String autoplayMode,
        @Min(value = 1, message = "must be between 1 and 25") @Max(value = 25, message = "must be between 1 and 25")
        Integer autoplayQueueSize,
        Boolean ephemeralMessages,
        Boolean persistentConnection,
        @Size(min = 1, max = 5, message = "must be 1 to 5 characters") @Pattern(regexp = "\\S*", message = "must not contain spaces")
        String prefix,
        @Pattern(regexp = "[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?", message = "must be a language tag like en, en-US or es-419")
        String language) {
}
