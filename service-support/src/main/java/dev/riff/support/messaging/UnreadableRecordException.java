package dev.riff.support.messaging;

/** A record that is not what its consumer reads (not a CloudEvent, or data without what it needs): retrying cannot help. */
public class UnreadableRecordException extends RuntimeException {

    public UnreadableRecordException(String message) {
        super(message);
    }

    public UnreadableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
