package dev.riff.playback.domain;

import java.util.List;

/**
 * A song's lyrics: the plain text, the timed lines when the provider has them (empty otherwise),
 * and who gave them.
 */
public record Lyrics(String text, List<Line> lines, String source) {

    /** One timed line: when it is sung, from the track's start. */
    public record Line(long atMs, String text) {
    }

    public boolean timed() {
        return !lines.isEmpty();
    }

    /** The line being sung at {@code positionMs}, or null before the first. */
    public String lineAt(long positionMs) {
        String current = null;
        for (Line line : lines) {
            if (line.atMs() > positionMs) {
                break;
            }
            current = line.text();
        }
        return current;
    }

    /** Reads LRC ({@code [mm:ss.xx] words}); lines without a time, and metadata tags, are left out. */
    public static List<Line> parseLrc(String lrc) {
        List<Line> lines = new java.util.ArrayList<>();
        if (lrc == null) {
            return lines;
        }
        java.util.regex.Pattern stamp = java.util.regex.Pattern.compile("\\[(\\d{1,3}):(\\d{2})(?:[.:](\\d{1,3}))?]");
        for (String raw : lrc.split("\\r?\\n")) {
            java.util.regex.Matcher matcher = stamp.matcher(raw);
            List<Long> times = new java.util.ArrayList<>();
            int end = 0;
            while (matcher.find() && matcher.start() == end) {
                String fraction = matcher.group(3) == null ? "0" : (matcher.group(3) + "00").substring(0, 3);
                times.add(Long.parseLong(matcher.group(1)) * 60_000 + Long.parseLong(matcher.group(2)) * 1000 + Long.parseLong(fraction));
                end = matcher.end();
            }
            String text = raw.substring(end).strip();
            times.forEach(at -> lines.add(new Line(at, text)));
        }
        lines.sort(java.util.Comparator.comparingLong(Line::atMs));
        return lines;
    }
}
