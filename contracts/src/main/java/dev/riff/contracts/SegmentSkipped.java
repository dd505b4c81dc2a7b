package dev.riff.contracts;

/**
 * A part of a track skipped because SponsorBlock's community marked it (a sponsor read, an intro,
 * a stretch without music, ...).
 *
 * @param category SponsorBlock's category of the segment ({@code sponsor}, {@code music_offtopic}, ...)
 * @param fromMs where the segment began in the track
 * @param toMs where playback went on from (the track's end for a segment that ended it)
 */
public record SegmentSkipped(String guildId, String title, String url, String category, long fromMs, long toMs) {
}
