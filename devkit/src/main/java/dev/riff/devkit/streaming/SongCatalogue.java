package dev.riff.devkit.streaming;

import dev.riff.devkit.audio.DemoLibrary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the streaming-service simulators hold: the demo library's three songs under their ISRCs, one
 * song marked explicit that the library does not have, one the library has under the same title and
 * artist but no ISRC of its own (mirrored by title, artist and duration), and playlists, one of them
 * longer than a page of any service's API.
 */
public final class SongCatalogue {

    public static final Song TUNE = new Song("tune", "Riff Demo Tune", DemoLibrary.ARTIST, "Riff Devkit Sessions", 30_000, DemoLibrary.TUNE_ISRC, false);
    public static final Song CHORDS = new Song("chords", "Chord Progression in C", DemoLibrary.ARTIST, "Riff Devkit Sessions", 24_000,
            DemoLibrary.CHORDS_ISRC, false);
    public static final Song CONCERT_A = new Song("concert-a", "Concert A (440 Hz)", DemoLibrary.ARTIST, "Riff Devkit Sessions", 30_000,
            DemoLibrary.CONCERT_A_ISRC, false);
    public static final Song EXPLICIT = new Song("explicit", "Language Warning", "The Riff Devkit Ensemble", "Parental Advisory", 200_000,
            "QZRF12600099", true);
    /** A live take: another recording (its own ISRC, which the library lacks) of a song the library has. */
    public static final Song CONCERT_A_LIVE = new Song("concert-a-live", "Concert A (440 Hz)", DemoLibrary.ARTIST, "Live at the Devkit", 31_000,
            "QZRF12600004", false);

    /** A playlist: its key, name and songs in order. */
    public record Playlist(String key, String name, List<Song> songs) {
    }

    public static final Playlist MIX = new Playlist("mix", "Riff Devkit Mix", List.of(CONCERT_A, TUNE, CHORDS));
    /** 250 entries: three pages of 100 at most, as the services page playlists. */
    public static final Playlist MARATHON = new Playlist("marathon", "Devkit Marathon", repeat(List.of(TUNE, CHORDS, CONCERT_A), 250));
    public static final Playlist WITH_EXPLICIT = new Playlist("with-explicit", "Mixed Company", List.of(EXPLICIT, CONCERT_A));

    private SongCatalogue() {
    }

    public static List<Song> songs() {
        return List.of(TUNE, CHORDS, CONCERT_A, EXPLICIT, CONCERT_A_LIVE);
    }

    public static List<Playlist> playlists() {
        return List.of(MIX, MARATHON, WITH_EXPLICIT);
    }

    /** The albums, by name, with their songs in catalogue order. */
    public static Map<String, List<Song>> albums() {
        Map<String, List<Song>> albums = new LinkedHashMap<>();
        for (Song song : songs()) {
            albums.computeIfAbsent(song.album(), name -> new ArrayList<>()).add(song);
        }
        return albums;
    }

    private static List<Song> repeat(List<Song> songs, int count) {
        List<Song> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(songs.get(i % songs.size()));
        }
        return List.copyOf(out);
    }
}
