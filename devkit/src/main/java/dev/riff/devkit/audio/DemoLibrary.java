package dev.riff.devkit.audio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A small music library the devkit makes itself, so the fleet plays something out of the box with
 * no internet: a tune, a chord progression and a steady tone, in the three containers members' links
 * most often carry (Ogg Opus, MP3, WAV). It is served over local HTTP with a catalogue
 * ({@code /catalogue.json}: id, title, artist, duration, format, path and ISRC per track); playback nodes
 * configured with its URL find its tracks through the normal search path (riff.playback.demo-library-url).
 * MP3 needs the lame encoder (Debian: lame), which ./fleet installs; without it that track is left out.
 */
public final class DemoLibrary implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DemoLibrary.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE = 48_000;
    public static final String ARTIST = "The Riff Devkit Ensemble";

    /**
     * One track of the library.
     *
     * @param isrc its recording code, which the devkit's streaming-service simulators give the same song,
     *        so a Spotify, Apple Music or Deezer link to it is mirrored here by ISRC
     */
    public record Track(String id, String title, String artist, int seconds, String format, String path, String isrc, String videoId) {
    }

    /** The sponsored sweep's video id: SponsorBlock's simulator has segments for it. */
    public static final String SWEEP_VIDEO_ID = "riffSweep01";
    /** Where the sweep starts and how fast it rises, so a pitch heard tells the position. */
    public static final double SWEEP_START_HZ = 300;
    public static final double SWEEP_HZ_PER_SECOND = 10;

    /** The recording codes of the library's songs (QZ: a country code kept for ISRCs given without an agency). */
    public static final String TUNE_ISRC = "QZRF12600001";
    public static final String CHORDS_ISRC = "QZRF12600002";
    public static final String CONCERT_A_ISRC = "QZRF12600003";

    private final MediaServer server;
    private final List<Track> tracks = new ArrayList<>();

    private DemoLibrary(int port) {
        server = new MediaServer(port);
        add("riff-demo-tune", "Riff Demo Tune", 30, "opus", OggOpusFile.encode(tune(30), "Riff Demo Tune", ARTIST), TUNE_ISRC);
        mp3(chords(24), "Chord Progression in C").ifPresent(mp3 -> add("chord-progression", "Chord Progression in C", 24, "mp3", mp3, CHORDS_ISRC));
        add("concert-a", "Concert A (440 Hz)", 30, "wav", MediaServer.wav(MediaServer.sweep(440, 0, 30)), CONCERT_A_ISRC);
        // A video's soundtrack, as from a video site: SponsorBlock knows it by its video id.
        add("sponsored-sweep", "Sponsored Sweep", 24, "wav", MediaServer.wav(MediaServer.sweep(SWEEP_START_HZ, SWEEP_HZ_PER_SECOND, 24)), null,
                SWEEP_VIDEO_ID);
        ArrayNode catalogue = JSON.createArrayNode();
        for (Track track : tracks) {
            catalogue.addObject().put("id", track.id()).put("title", track.title()).put("artist", track.artist())
                    .put("durationMs", track.seconds() * 1000L).put("format", track.format()).put("path", track.path()).put("isrc", track.isrc())
                    .put("videoId", track.videoId());
        }
        server.add("catalogue.json", catalogue.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Makes the library and serves it on a loopback port (0: any free one). */
    public static DemoLibrary serve(int port) {
        return new DemoLibrary(port);
    }

    /** The base URL the playback nodes are given. */
    public String url() {
        return "http://" + server.hostPort();
    }

    public List<Track> tracks() {
        return List.copyOf(tracks);
    }

    private void add(String id, String title, int seconds, String format, byte[] content, String isrc) {
        add(id, title, seconds, format, content, isrc, null);
    }

    private void add(String id, String title, int seconds, String format, byte[] content, String isrc, String videoId) {
        String path = "/" + id + "." + format;
        server.add(path.substring(1), content);
        tracks.add(new Track(id, title, ARTIST, seconds, format, path, isrc, videoId));
    }

    // --- The music, made here ------------------------------------------------------------------

    /** A melody on the C major pentatonic scale over a repeating four-bar pattern, eighth notes at 120 bpm. */
    static short[] tune(int seconds) {
        int[] melody = {72, 74, 76, 79, 81, 79, 76, 74, 72, 76, 79, 84, 81, 79, 76, 79,
            74, 76, 79, 81, 84, 81, 79, 76, 74, 72, 74, 76, 79, 76, 74, 72};
        double noteSeconds = 0.25;
        double[] mix = new double[RATE * seconds];
        for (int n = 0; n * noteSeconds < seconds; n++) {
            note(mix, n * noteSeconds, noteSeconds * 0.95, midi(melody[n % melody.length]), 0.5);
            if (n % 8 == 0) {
                note(mix, n * noteSeconds, noteSeconds * 8, midi(melody[n % melody.length] - 24), 0.3);
            }
        }
        return normalize(mix);
    }

    /** I-V-vi-IV in C (C, G, A minor, F), two seconds a chord. */
    static short[] chords(int seconds) {
        int[][] progression = {{60, 64, 67}, {55, 59, 62, 67}, {57, 60, 64}, {53, 57, 60, 65}};
        double[] mix = new double[RATE * seconds];
        for (int c = 0; c * 2 < seconds; c++) {
            for (int key : progression[c % progression.length]) {
                note(mix, c * 2.0, 1.95, midi(key), 0.3);
            }
        }
        return normalize(mix);
    }

    private static double midi(int key) {
        return 440 * Math.pow(2, (key - 69) / 12.0);
    }

    /** A plucked note: the fundamental with two soft harmonics, a 10 ms attack and an exponential decay. */
    private static void note(double[] mix, double start, double length, double hz, double level) {
        int from = (int) (start * RATE);
        int to = Math.min(mix.length, (int) ((start + length) * RATE));
        for (int i = from; i < to; i++) {
            double t = (double) (i - from) / RATE;
            double envelope = Math.min(1, t / 0.01) * Math.exp(-3 * t / length) * Math.min(1, (to - i) / (0.01 * RATE));
            double wave = Math.sin(2 * Math.PI * hz * t) + 0.3 * Math.sin(4 * Math.PI * hz * t) + 0.1 * Math.sin(6 * Math.PI * hz * t);
            mix[i] += level * envelope * wave;
        }
    }

    private static short[] normalize(double[] mix) {
        double peak = 1e-9;
        for (double v : mix) {
            peak = Math.max(peak, Math.abs(v));
        }
        short[] out = new short[mix.length];
        for (int i = 0; i < mix.length; i++) {
            out[i] = (short) (mix[i] / peak * 20_000);
        }
        return out;
    }

    /** MP3 through the lame encoder, when it is installed. */
    private static Optional<byte[]> mp3(short[] mono, String title) {
        Path wav = null;
        Path mp3 = null;
        try {
            wav = Files.createTempFile("riff-demo", ".wav");
            mp3 = Files.createTempFile("riff-demo", ".mp3");
            Files.write(wav, MediaServer.wav(mono));
            Process lame = new ProcessBuilder("lame", "--quiet", "-b", "128", "--tt", title, "--ta", ARTIST,
                    wav.toString(), mp3.toString()).redirectErrorStream(true).start();
            if (!lame.waitFor(60, TimeUnit.SECONDS) || lame.exitValue() != 0) {
                LOG.warnf("The demo library has no MP3 track: lame failed (%s)", new String(lame.getInputStream().readAllBytes()).trim());
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(mp3));
        } catch (IOException e) {
            LOG.warnf("The demo library has no MP3 track: the lame encoder is not installed (Debian: apt-get install lame)");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteQuietly(wav);
            deleteQuietly(mp3);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
