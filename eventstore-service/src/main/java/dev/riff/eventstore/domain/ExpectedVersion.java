package dev.riff.eventstore.domain;

/**
 * What a writer expects of a stream before its append: anything, no stream yet, or exactly a version.
 *
 * @param version the exact version, or {@link #ANY_VERSION} / {@link #NO_STREAM_VERSION}
 */
public record ExpectedVersion(long version) {

    static final long ANY_VERSION = -1;
    static final long NO_STREAM_VERSION = 0;

    public static final ExpectedVersion ANY = new ExpectedVersion(ANY_VERSION);
    public static final ExpectedVersion NO_STREAM = new ExpectedVersion(NO_STREAM_VERSION);

    public ExpectedVersion {
        if (version < ANY_VERSION) {
            throw new IllegalArgumentException("expected version must be any, no-stream or a version >= 1");
        }
    }

    /** {@code any}, {@code no-stream} or a version number (0 means no stream too). */
    public static ExpectedVersion parse(String text) {
        if (text == null || text.equals("any")) {
            return ANY;
        }
        if (text.equals("no-stream")) {
            return NO_STREAM;
        }
        try {
            return new ExpectedVersion(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected version must be any, no-stream or a version number");
        }
    }

    public boolean matches(long currentVersion) {
        return version == ANY_VERSION || version == currentVersion;
    }

    @Override
    public String toString() {
        return version == ANY_VERSION ? "any" : version == NO_STREAM_VERSION ? "no-stream" : Long.toString(version);
    }
}
