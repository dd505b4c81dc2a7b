package dev.riff.config.rest;

import dev.riff.support.rest.InvalidInputException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
        @Size(max = 12, message = "names at most the 12 channel settings")
        List<@NotNull(message = "must name a channel setting") @Pattern(regexp = "musicEnabled|playlistsEnabled|spotifyEnabled|appleMusicEnabled|deezerEnabled|lyricsEnabled|sponsorBlockEnabled|volumeLimit|maxQueueSize|maxSongDuration|djOnlyMode|allowExplicitContent",
                message = "must name a channel setting") String> inherit) {

    /**
     * A setting both given a value and sent back to inheriting is a contradiction, refused as such:
     * otherwise one of the two would silently win and the audit log would record a change never asked for.
     */
    public void requireNoContradiction() {
        if (inherit == null) {
            return;
        }
        for (int i = 0; i < inherit.size(); i++) {
            for (var component : ChannelConfigurationPatch.class.getRecordComponents()) {
                if (component.getName().equals(inherit.get(i)) && valueOf(component) != null) {
                    throw new InvalidInputException("inherit[" + i + "]", "cannot inherit " + inherit.get(i) + " and set it in the same change");
                }
            }
        }
    }

    private Object valueOf(java.lang.reflect.RecordComponent component) {
        try {
            return component.getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
