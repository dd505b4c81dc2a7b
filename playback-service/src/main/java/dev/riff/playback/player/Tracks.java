package dev.riff.playback.player;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.contracts.TrackEvent;
import dev.riff.playback.audio.DemoLibrarySource;
import dev.riff.playback.domain.TrackRef;

/** What Riff shows and keeps of a lavaplayer track. */
public final class Tracks {

    private Tracks() {
    }

    /** The track's title, or its file name when the source gives none. */
    public static String title(AudioTrack track) {
        String title = track.getInfo().title;
        return title == null || title.isBlank() || title.equals("Unknown title") ? fileName(track.getInfo().uri) : title;
    }

    public static String source(AudioTrack track) {
        return track.getSourceManager() == null ? "unknown" : track.getSourceManager().getSourceName();
    }

    /** How long it is, or 0 for a live stream. */
    public static long durationMs(AudioTrack track) {
        return track.getInfo().isStream ? 0 : track.getDuration();
    }

    /** The track as the queue keeps it; {@code fallbackUrl} when the source gives no address. */
    public static TrackRef ref(AudioTrack track, String requestedBy, String fallbackUrl) {
        return new TrackRef(title(track), track.getInfo().uri != null ? track.getInfo().uri : fallbackUrl, source(track), requestedBy,
                track.getInfo().isStream ? null : (int) (track.getDuration() / 1000));
    }

    /** The id of the video the track is the sound of (a video site's, or the demo library's stand-in), for SponsorBlock; null otherwise. */
    public static String videoId(AudioTrack track) {
        if ("youtube".equals(source(track))) {
            return track.getIdentifier();
        }
        return DemoLibrarySource.videoId(track);
    }

    /** Who asked for the track, as the node tagged it when starting it. */
    public static String requestedBy(AudioTrack track) {
        return track.getUserData() instanceof String user ? user : "unknown";
    }

    public static TrackEvent event(String guildId, AudioTrack track, String reason) {
        return new TrackEvent(guildId, title(track), track.getInfo().uri, source(track), requestedBy(track), track.getDuration(),
                track.getPosition(), reason);
    }

    private static String fileName(String uri) {
        if (uri == null) {
            return "Unknown track";
        }
        String path = uri.replaceAll("[?#].*", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
