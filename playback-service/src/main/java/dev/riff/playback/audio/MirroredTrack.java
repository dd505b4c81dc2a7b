package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.source.AudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.DelegatedAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.InternalAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.LocalAudioTrackExecutor;

/**
 * A streaming service's recording (its title, artist, length, ISRC and artwork, from the service's
 * API) that plays from whatever {@link TrackMirror} finds for it when it starts: a long playlist
 * costs one API read per page when queued, and a search per track only when that track comes up.
 */
public final class MirroredTrack extends DelegatedAudioTrack {

    private final StreamingLinkSource source;
    private final boolean explicit;

    MirroredTrack(AudioTrackInfo info, boolean explicit, StreamingLinkSource source) {
        super(info);
        this.explicit = explicit;
        this.source = source;
    }

    /** Whether the service marks the recording explicit. */
    public boolean explicit() {
        return explicit;
    }

    @Override
    public void process(LocalAudioTrackExecutor executor) throws Exception {
        AudioTrack mirror = source.mirror().find(getInfo());
        if (!(mirror instanceof InternalAudioTrack playable)) {
            throw new FriendlyException("No source here plays " + getInfo().title + ".", FriendlyException.Severity.COMMON, null);
        }
        processDelegate(playable, executor);
    }

    @Override
    protected AudioTrack makeShallowClone() {
        return new MirroredTrack(getInfo(), explicit, source);
    }

    @Override
    public AudioSourceManager getSourceManager() {
        return source;
    }
}
