package dev.riff.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.contracts.PlaybackLimits;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.playback.player.GuildAudioPlayer;
import dev.riff.playback.player.GuildPlayers;
import dev.riff.playback.player.TrackLifecycle;
import dev.riff.playback.service.PlaybackService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A track ending by itself and a member's {@code stop} or {@code clear} arriving at the same
 * instant, many times over: lavaplayer's end event and the command meet in the guild's lane, and
 * whichever comes first, the saved player, the live player and the queue end up telling the same
 * story.
 */
@QuarkusTest
@QuarkusTestResource(TrustedMediaServer.class)
class TrackEndRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int ROUNDS = 40;

    @Inject
    PlaybackService playback;
    @Inject
    GuildPlayers players;
    @Inject
    TrackLifecycle lifecycle;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aTrackEndingAsStopOrClearArrivesLeavesQueuePlayerAndSavedStateConsistent() throws Exception {
        String url = TrustedMediaServer.media.add("race.wav", MediaServer.wavTone(330, 1));
        for (int round = 0; round < ROUNDS; round++) {
            String command = round % 2 == 0 ? "stop" : "clear";
            race(url, command);
        }
    }

    private void race(String url, String command) throws Exception {
        String guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
        for (int i = 0; i < 3; i++) {
            send(guild, "play", Map.of("query", url));
        }
        GuildAudioPlayer player = players.obtain(guild);
        player.serially(() -> lifecycle.startNext(player)).await().atMost(WAIT);
        AudioTrack first = player.playingTrack();
        assertTrue(first != null, "the first track plays");
        // Pull all but the last few 20 ms frames, so the track's own end comes within microseconds of the barrier.
        drain(player, first, (int) (first.getDuration() / 20) - 3);

        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> trackEnds = CompletableFuture.runAsync(() -> {
            awaitBarrier(together);
            drain(player, first, Integer.MAX_VALUE);
        });
        awaitBarrier(together);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(3)));
        send(guild, command, Map.of());
        trackEnds.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        settle(player);

        AudioTrack playing = player.playingTrack();
        String current = single("select current_url from guild_player where guild_id = ?", guild);
        List<String> queue = queue(guild);
        assertEquals(List.of(), queue, "/" + command + " leaves the queue empty");
        if (command.equals("stop")) {
            assertNull(playing, "nothing plays after /stop");
            assertNull(current, "the saved player is idle after /stop");
        } else {
            assertEquals(playing != null, current != null, "live and saved players agree on whether a track plays after /clear");
            if (playing != null) {
                assertEquals(playing.getInfo().uri, current);
                assertFalse(playing == first, "the first track ended");
            }
        }
        // Each track that ended is in the history once: the first, and after /stop perhaps the second it started meanwhile.
        int ends = Integer.parseInt(single("select count(*) from playback_history where guild_id = ?", guild));
        int fullPlays = Integer.parseInt(single("select count(*) from playback_history where guild_id = ? and played_fully", guild));
        assertTrue(command.equals("stop") ? ends == 1 || ends == 2 : ends == 1, ends + " ends recorded after /" + command);
        assertTrue(fullPlays <= 1, fullPlays + " full plays recorded");
        players.remove(guild);
    }

    /**
     * Pulls up to {@code frames} frames the way the voice loop does, stopping early once the track
     * is no longer the one playing. (Frames are counted rather than positions read: lavaplayer's
     * getPosition can wait on the track's own lock while it decodes, and that waits on frames being pulled.)
     */
    private static void drain(GuildAudioPlayer player, AudioTrack track, int frames) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int pulled = 0;
        while (pulled < frames && player.playingTrack() == track && System.nanoTime() < deadline) {
            if (player.audio().provide() != null) {
                pulled++;
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Waits until the lane has run everything handed in, including work that work handed in. */
    private static void settle(GuildAudioPlayer player) {
        for (int i = 0; i < 4; i++) {
            player.serially(() -> Uni.createFrom().voidItem()).await().atMost(WAIT);
        }
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String guild, String name, Map<String, Object> options) {
        playback.command(new PlaybackCommand(UUID.randomUUID().toString(), guild, "444444444444444444", "333333333333333333",
                "555555555555555555", name, options, 1, PlaybackLimits.DEFAULTS, Instant.now())).await().atMost(WAIT);
    }

    private List<String> queue(String guild) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "select i.url from queue_item i join queue q on q.id = i.queue_id where q.guild_id = ? order by i.position")) {
            query.setString(1, guild);
            List<String> urls = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    urls.add(rows.getString(1));
                }
            }
            return urls;
        }
    }

    private String single(String sql, String guild) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, guild);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
