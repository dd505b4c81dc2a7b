package dev.riff.config.service;

/** A conditional change named a version that is no longer current. */
public class VersionConflictException extends RuntimeException {

    private final long currentVersion;

    public VersionConflictException(long currentVersion) {
        super("the configuration changed meanwhile; its current version is " + currentVersion);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
