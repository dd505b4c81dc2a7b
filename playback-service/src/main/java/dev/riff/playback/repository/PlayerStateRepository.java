package dev.riff.playback.repository;

import dev.riff.playback.domain.GuildPlayer;
import dev.riff.playback.domain.TrackRef;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** A guild's saved player (current track, position, settings, voice session). Every call runs in the caller's transaction. */
@ApplicationScoped
public class PlayerStateRepository {

    /** The guild's saved player, made with the defaults on first use; marked as updated now. */
    public Uni<GuildPlayer> obtain(String guildId) {
        return GuildPlayer.<GuildPlayer>findById(guildId).chain(existing -> {
            if (existing != null) {
                existing.updatedAt = Instant.now();
                return Uni.createFrom().item(existing);
            }
            GuildPlayer created = new GuildPlayer();
            created.guildId = guildId;
            created.updatedAt = Instant.now();
            return created.persist().replaceWith(created);
        });
    }

    public Uni<GuildPlayer> find(String guildId) {
        return GuildPlayer.findById(guildId);
    }

    /** Records {@code track} as what is playing, from its start. */
    public static void playing(GuildPlayer player, TrackRef track) {
        player.currentUrl = track.url();
        player.currentTitle = track.title();
        player.currentRequestedBy = track.requestedBy();
        player.currentDurationMs = track.durationSeconds() == null ? null : track.durationMs();
        player.currentSource = track.source();
        player.positionMs = 0;
        player.positionSavedAt = Instant.now();
    }

    /** Records that nothing is playing. */
    public static void idle(GuildPlayer player) {
        player.currentUrl = null;
        player.currentTitle = null;
        player.currentRequestedBy = null;
        player.currentDurationMs = null;
        player.currentSource = null;
        player.positionMs = 0;
    }
}
