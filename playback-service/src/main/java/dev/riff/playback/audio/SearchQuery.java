package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a member's /play text asks lavaplayer for. Plain text is a search in the node's default
 * source. Where the server has {@code advancedSearchEnabled}, the text may also name:
 * <ul>
 * <li>a source: {@code sc:} (SoundCloud), {@code bc:} (Bandcamp), {@code demo:} (the demo library, where there is one);</li>
 * <li>a recording: {@code isrc:<12-character code>}, looked up in Deezer's catalogue and mirrored;</li>
 * <li>fields: {@code artist:"…"} and {@code title:"…"} (quotes for several words), which the result must match.</li>
 * </ul>
 * Without it, all of that is searched as the words it is.
 *
 * @param artist the artist a result's author must contain, or null
 * @param title the words a result's title must contain, or null
 */
public record SearchQuery(String identifier, String artist, String title) {

    private static final Pattern SOURCE = Pattern.compile("(?i)(sc|soundcloud|bc|bandcamp|demo|isrc):\\s*(.+)");
    private static final Pattern FIELD = Pattern.compile("(?i)\\b(artist|title):(?:\"([^\"]{1,200})\"|(\\S{1,200}))");
    private static final Pattern ISRC = Pattern.compile("[A-Za-z]{2}[A-Za-z0-9]{3}[0-9]{7}");

    /**
     * @param defaultSearch the search prefix plain text goes to ({@code riff-search:} or {@code scsearch:})
     * @param demoLibrary whether the node has the demo library
     */
    static SearchQuery of(String text, boolean advanced, String defaultSearch, boolean demoLibrary) {
        String query = text.strip();
        if (!advanced) {
            return new SearchQuery(defaultSearch + query, null, null);
        }
        Matcher source = SOURCE.matcher(query);
        if (source.matches()) {
            String rest = source.group(2).strip();
            switch (source.group(1).toLowerCase(Locale.ROOT)) {
                case "sc", "soundcloud" -> {
                    return new SearchQuery("scsearch:" + rest, null, null);
                }
                case "bc", "bandcamp" -> {
                    return new SearchQuery("bcsearch:" + rest, null, null);
                }
                case "demo" -> {
                    return new SearchQuery((demoLibrary ? DemoLibrarySource.SEARCH_PREFIX : defaultSearch) + rest, null, null);
                }
                default -> {
                    if (ISRC.matcher(rest).matches()) {
                        return new SearchQuery("isrc:" + rest.toUpperCase(Locale.ROOT), null, null);
                    }
                }
            }
        }
        String artist = null;
        String title = null;
        Matcher field = FIELD.matcher(query);
        StringBuilder words = new StringBuilder();
        int last = 0;
        while (field.find()) {
            words.append(query, last, field.start()).append(' ');
            String value = field.group(2) != null ? field.group(2) : field.group(3);
            if (field.group(1).equalsIgnoreCase("artist")) {
                artist = value;
            } else {
                title = value;
            }
            words.append(value).append(' ');
            last = field.end();
        }
        words.append(query.substring(last));
        String search = words.toString().replaceAll("\\s+", " ").strip();
        return new SearchQuery(defaultSearch + (search.isEmpty() ? query : search), artist, title);
    }

    /** Whether a result matches the fields the member named (every result does when none were). */
    boolean accepts(AudioTrack track) {
        return contains(track.getInfo().author, artist) && contains(track.getInfo().title, title);
    }

    private static boolean contains(String value, String wanted) {
        return wanted == null || value != null && value.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
    }
}
