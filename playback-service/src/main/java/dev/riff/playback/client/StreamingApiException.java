package dev.riff.playback.client;

/** A streaming service's API refused or failed a read; the message is fit to show a member. */
public final class StreamingApiException extends RuntimeException {

    public StreamingApiException(String message) {
        super(message);
    }

    public StreamingApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
