package dev.riff.contracts;

/** A guild's queue after a change: its length and what changed it (added, removed, moved, cleared, shuffled). */
public record QueueChanged(String guildId, int length, String change) {
}
