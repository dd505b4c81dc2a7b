package dev.riff.playback.player;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.TrackMarker;
import com.sedmelluq.discord.lavaplayer.track.TrackMarkerHandler.MarkerState;
import dev.riff.contracts.SegmentSkipped;
import dev.riff.playback.client.SponsorBlockClient;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.support.reactive.OnVertxContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * SponsorBlock during playback: when a track with a video id starts in a guild that has it on, its
 * segments are fetched and the first one ahead is marked on the track; reaching it jumps to its end
 * (and marks the next), announcing {@code playback.segment-skipped}. A segment that runs to the end
 * ends the track, recorded in history as skipped by SponsorBlock.
 */
@ApplicationScoped
public class SegmentSkipper {

    private static final Logger LOG = Logger.getLogger(SegmentSkipper.class);
    /** A segment ending this close to the track's end ends the track. */
    private static final long END_SLACK_MS = 1000;

    private final SponsorBlockClient sponsorBlock;
    private final PlayerEvents events;
    private final OnVertxContext vertx;

    SegmentSkipper(SponsorBlockClient sponsorBlock, PlayerEvents events, OnVertxContext vertx) {
        this.sponsorBlock = sponsorBlock;
        this.events = events;
        this.vertx = vertx;
    }

    /** Starts watching {@code track}, if the guild has SponsorBlock on and the track comes from a video. */
    void watch(GuildAudioPlayer player, AudioTrack track) {
        String video = Tracks.videoId(track);
        if (!player.sponsorBlock() || video == null) {
            return;
        }
        sponsorBlock.segments(video).subscribe().with(segments -> {
            if (!segments.isEmpty()) {
                LOG.debugf("Guild %s: %d SponsorBlock segments in %s", player.guildId(), segments.size(), video);
                markNext(player, track, segments, 0);
            }
        }, failure -> LOG.debugf("SponsorBlock for %s: %s", video, failure.toString()));
    }

    private void markNext(GuildAudioPlayer player, AudioTrack track, List<SponsorBlockClient.Segment> segments, int from) {
        if (player.playingTrack() != track) {
            return;
        }
        long position = track.getPosition();
        for (int i = from; i < segments.size(); i++) {
            SponsorBlockClient.Segment segment = segments.get(i);
            if (segment.endMs() <= position) {
                continue;
            }
            int next = i + 1;
            track.setMarker(new TrackMarker(Math.max(segment.startMs(), 0), state -> {
                if (state == MarkerState.REACHED || state == MarkerState.LATE) {
                    skip(player, track, segment);
                    if (segment.endMs() < track.getDuration() - END_SLACK_MS) {
                        markNext(player, track, segments, next);
                    }
                } else if (state == MarkerState.BYPASSED) {
                    markNext(player, track, segments, next);
                }
            }));
            return;
        }
    }

    private void skip(GuildAudioPlayer player, AudioTrack track, SponsorBlockClient.Segment segment) {
        boolean ends = segment.endMs() >= track.getDuration() - END_SLACK_MS;
        long to = ends ? track.getDuration() : segment.endMs();
        SegmentSkipped skipped = new SegmentSkipped(player.guildId(), Tracks.title(track), track.getInfo().uri, segment.category(),
                Math.max(segment.startMs(), 0), to);
        if (ends) {
            player.stop("sponsorblock");
        } else {
            track.setPosition(segment.endMs());
        }
        player.later("record a skipped segment", () -> vertx.transaction(() -> events.segmentSkipped(skipped)));
    }
}
