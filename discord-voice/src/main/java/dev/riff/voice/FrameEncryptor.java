package dev.riff.voice;

/**
 * The step between Opus frames and transport encryption where end-to-end encryption happens
 * (DAVE's {@link dev.riff.voice.dave.DaveEncryptor}).
 */
@FunctionalInterface
public interface FrameEncryptor {

    byte[] encrypt(byte[] opusFrame);
}
