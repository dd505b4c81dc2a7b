package dev.riff.contracts;

/**
 * A guild player's settings after a change: paused, volume, loop mode (off, track, queue) and the
 * audio filter preset ({@link CommandOptions.Filter#PRESETS}); events from before filters lack it.
 */
public record PlayerStateChanged(String guildId, boolean paused, int volume, String loopMode, String filter) {
}
