package dev.riff.playback.filter;

/** A filter setting outside what the protocol allows; the message names the field and its range. */
public final class InvalidFilterException extends IllegalArgumentException {

    public InvalidFilterException(String message) {
        super(message);
    }
}
