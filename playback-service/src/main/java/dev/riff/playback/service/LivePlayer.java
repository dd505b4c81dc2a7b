package dev.riff.playback.service;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import dev.riff.voice.VoiceConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A guild's player on this node: lavaplayer's player and the voice connection it feeds. */
final class LivePlayer {

    final String guildId;
    final AudioPlayer player;
    volatile VoiceConnection voice;
    /** Why the current track is being stopped by a command (skipped, stopped), so its end is recorded with it. */
    volatile String stopReason;
    /** Where a restored track must start once it is playing. */
    volatile long resumeAtMs = -1;
    final Set<String> skipVotes = ConcurrentHashMap.newKeySet();

    LivePlayer(String guildId, AudioPlayer player) {
        this.guildId = guildId;
        this.player = player;
    }

    boolean voiceReady() {
        VoiceConnection connection = voice;
        return connection != null && connection.state() == VoiceConnection.State.READY;
    }

    boolean playing() {
        return player.getPlayingTrack() != null;
    }
}
