package dev.riff.playback.player;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.playback.filter.FilterPresets;
import dev.riff.voice.VoiceConnection;
import io.smallrye.mutiny.Uni;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A guild's player on this node: lavaplayer's player, the voice connection it feeds, the skip votes
 * for the current track, and the lane through which everything that changes the guild passes.
 */
public final class GuildAudioPlayer {

    /** A stop this node asked for, tied to the track it stopped so a late end of another track cannot take it. */
    private record StopRequest(AudioTrack track, String reason) {
    }

    private static final Logger LOG = Logger.getLogger(GuildAudioPlayer.class);

    private final String guildId;
    private final AudioPlayer audio;
    private final SerialLane lane = new SerialLane();
    private final Set<String> skipVotes = ConcurrentHashMap.newKeySet();
    private final AtomicReference<StopRequest> stopRequest = new AtomicReference<>();
    private volatile VoiceConnection voice;
    private volatile boolean sponsorBlock;

    GuildAudioPlayer(String guildId, AudioPlayer audio) {
        this.guildId = guildId;
        this.audio = audio;
    }

    public String guildId() {
        return guildId;
    }

    public AudioPlayer audio() {
        return audio;
    }

    /** Runs {@code work} in this guild's order: after everything handed in before it has finished. */
    public <T> Uni<T> serially(Supplier<Uni<T>> work) {
        return lane.run(work);
    }

    /** Hands {@code work} to the guild's lane without waiting for it; a failure is logged as what could not be done. */
    public void later(String what, Supplier<Uni<Void>> work) {
        serially(work).subscribe().with(ok -> { }, failure -> LOG.errorf(failure, "Cannot %s in guild %s", what, guildId));
    }

    public AudioTrack playingTrack() {
        return audio.getPlayingTrack();
    }

    public boolean playing() {
        return audio.getPlayingTrack() != null;
    }

    /** Whether the guild skips SponsorBlock's segments (its setting as of its last /play, or as saved). */
    public boolean sponsorBlock() {
        return sponsorBlock;
    }

    public void sponsorBlock(boolean on) {
        sponsorBlock = on;
    }

    /** Puts a /filter preset on what plays; heard once the frames lavaplayer already buffered have played. */
    public void applyFilter(String preset) {
        audio.setFilterFactory(FilterPresets.of(preset).factory());
    }

    /** Stops the current track, if any; its end is recorded with {@code reason}. */
    public void stop(String reason) {
        AudioTrack track = audio.getPlayingTrack();
        if (track != null) {
            stopRequest.set(new StopRequest(track, reason));
            audio.stopTrack();
        }
    }

    /** Why {@code track} ended, if this node stopped it; null when it ended by itself. */
    String takeStopReason(AudioTrack track) {
        StopRequest request = stopRequest.get();
        if (request != null && request.track() == track && stopRequest.compareAndSet(request, null)) {
            return request.reason();
        }
        return null;
    }

    /** A track that fails is recorded as failed, unless a command stopped it first. */
    void failed(AudioTrack track) {
        stopRequest.compareAndSet(null, new StopRequest(track, "failed"));
    }

    /** Adds a member's vote against the current track and answers how many votes it has. */
    public int voteToSkip(String userId) {
        skipVotes.add(userId);
        return skipVotes.size();
    }

    void clearSkipVotes() {
        skipVotes.clear();
    }

    public VoiceConnection voice() {
        return voice;
    }

    public boolean voiceReady() {
        VoiceConnection connection = voice;
        return connection != null && connection.state() == VoiceConnection.State.READY;
    }

    /** Feeds a new voice connection, closing the one it replaces. */
    public void attach(VoiceConnection connection) {
        VoiceConnection previous = voice;
        voice = connection;
        if (previous != null) {
            previous.close();
        }
    }

    /** Leaves voice and frees lavaplayer's player; the guild's state stays in the database. */
    void close() {
        VoiceConnection connection = voice;
        if (connection != null) {
            connection.close();
        }
        audio.destroy();
    }
}
