package dev.riff.devkit;

/** A failure the fleet launcher reports to the operator as one clear line. */
public class FleetException extends RuntimeException {

    public FleetException(String message) {
        super(message);
    }

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
