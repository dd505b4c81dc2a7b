package dev.riff.contracts;

/** A guild player's settings after a change: paused, volume, loop mode (off, track, queue). */
public record PlayerStateChanged(String guildId, boolean paused, int volume, String loopMode) {
}
