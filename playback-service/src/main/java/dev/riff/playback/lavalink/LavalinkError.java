package dev.riff.playback.lavalink;

/** A refusal in Lavalink's terms: its HTTP status and the message of its error body. */
public final class LavalinkError extends RuntimeException {

    private final int status;

    public LavalinkError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static LavalinkError badRequest(String message) {
        return new LavalinkError(400, message);
    }

    static LavalinkError notFound(String message) {
        return new LavalinkError(404, message);
    }
}
