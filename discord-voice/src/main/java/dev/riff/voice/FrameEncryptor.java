package dev.riff.voice;

/**
 * The step between Opus frames and transport encryption where end-to-end encryption happens
 * (DAVE's {@link dev.riff.voice.dave.DaveEncryptor}).
 */
@FunctionalInterface
public interface FrameEncryptor {

    /** The frame to send, or null when it must not be sent at all (no key in a call that requires one). */
    byte[] encrypt(byte[] opusFrame);
}
