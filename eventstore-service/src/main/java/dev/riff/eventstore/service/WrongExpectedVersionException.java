package dev.riff.eventstore.service;

import dev.riff.eventstore.domain.ExpectedVersion;

/** An append whose expected version did not match the stream: nothing of it was stored. */
public class WrongExpectedVersionException extends RuntimeException {

    public WrongExpectedVersionException(String stream, ExpectedVersion expected, long actual) {
        super("stream " + stream + " is at version " + actual + ", expected " + expected);
    }

    public WrongExpectedVersionException(String message) {
        super(message);
    }
}
