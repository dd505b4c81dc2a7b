package dev.riff.eventstore.service;

import dev.riff.eventstore.domain.ExpectedVersion;

/** An append whose expected version did not match the stream: nothing of it was stored. */
public class WrongExpectedVersionException extends RuntimeException {

    /** The stream's version when the append was refused; null when the refusal is not about the version. */
    private final Long actualVersion;

    public WrongExpectedVersionException(String stream, ExpectedVersion expected, long actual) {
        super("stream " + stream + " is at version " + actual + ", expected " + expected);
        this.actualVersion = actual;
    }

    public WrongExpectedVersionException(String message) {
        super(message);
        this.actualVersion = null;
    }

    public Long actualVersion() {
        return actualVersion;
    }
}
