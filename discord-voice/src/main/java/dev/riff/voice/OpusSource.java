package dev.riff.voice;

/** Where the sender takes its 20 ms Opus frames from (a lavaplayer player, a test tone, ...). */
@FunctionalInterface
public interface OpusSource {

    /** The next 20 ms frame, or null when there is nothing to play right now (paused, buffering, idle). */
    byte[] nextFrame();
}
