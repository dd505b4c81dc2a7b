package dev.riff.voice;

/**
 * A step between the Opus frames and transport encryption: end-to-end encryption (DAVE) plugs in
 * here. Without it, frames pass through as they are.
 */
@FunctionalInterface
public interface FrameEncryptor {

    FrameEncryptor PASSTHROUGH = frame -> frame;

    byte[] encrypt(byte[] opusFrame);
}
