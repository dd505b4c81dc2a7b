package dev.riff.fleet.bench;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.VoiceServer;
import dev.riff.voice.VoiceConnection;
import dev.riff.voice.VoiceSendLoop;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The playback benchmark (a harness, not a test: tagged "benchmark", excluded from the build):
 * N lavaplayer players transcoding a WAV file stream through the voice library to the simulated
 * voice server, against the same decoding and encoding in a bare lavaplayer loop as the floor.
 * Run with {@code ./mvnw -B test -pl fleet-tests -Dtest=PlaybackBenchmark -Driff.excluded.groups=none -Dgroups=benchmark} (after {@code ./mvnw -B install -DskipTests}).
 */
@Tag("benchmark")
class PlaybackBenchmark {

    private static final int SECONDS = 20;

    /** A source format: its file name and how to make a file of it. */
    private record Source(String name, java.util.function.IntFunction<byte[]> file) {
    }

    @Test
    void playersStreamingToTheVoiceServer() throws Exception {
        List<Source> sources = new ArrayList<>(List.of(
                new Source("tone.wav", seconds -> MediaServer.wavTone(440, seconds)),
                new Source("tone.opus", seconds -> dev.riff.devkit.audio.OggOpusFile.tone(440, seconds))));
        mp3(SECONDS + 10).ifPresent(mp3 -> sources.add(1, new Source("tone.mp3", seconds -> mp3)));
        for (Source source : sources) {
            for (String count : System.getProperty("riff.bench.players", "1,10,50").split(",")) {
                int players = Integer.parseInt(count.trim());
                streamed(players, source);
                bareLoop(players, source);
            }
        }
    }

    /** An MP3 of the tone, made by the lame encoder when it is installed (Debian: apt-get install lame). */
    private static java.util.Optional<byte[]> mp3(int seconds) throws Exception {
        java.nio.file.Path wav = java.nio.file.Files.createTempFile("tone", ".wav");
        java.nio.file.Path mp3 = java.nio.file.Files.createTempFile("tone", ".mp3");
        java.nio.file.Files.write(wav, MediaServer.wavTone(440, seconds));
        try {
            Process lame = new ProcessBuilder("lame", "--quiet", "-b", "192", wav.toString(), mp3.toString()).start();
            if (lame.waitFor() != 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(java.nio.file.Files.readAllBytes(mp3));
        } catch (java.io.IOException notInstalled) {
            System.out.println("BENCH skipped MP3: the lame encoder is not installed");
            return java.util.Optional.empty();
        } finally {
            java.nio.file.Files.deleteIfExists(wav);
            java.nio.file.Files.deleteIfExists(mp3);
        }
    }

    private void streamed(int players, Source source) throws Exception {
        try (DiscordSimulator simulator = DiscordSimulator.start(0); MediaServer media = new MediaServer();
                VoiceSendLoop sendLoop = new VoiceSendLoop()) {
            String url = media.add(source.name(), source.file().apply(SECONDS + 10));
            AudioPlayerManager manager = BareLavaplayer.manager();
            List<VoiceConnection> connections = new ArrayList<>();
            List<String> guilds = new ArrayList<>();
            for (int i = 0; i < players; i++) {
                DiscordState.Guild guild = simulator.addGuild("Bench " + i, "owner");
                var grant = simulator.joinVoiceAsBot(guild.id, simulator.state().channelNamed(guild.id, "Music").id());
                AudioPlayer player = manager.createPlayer();
                player.startTrack(BareLavaplayer.load(manager, url), false);
                VoiceConnection connection = new VoiceConnection(simulator.voiceSession(grant),
                        () -> {
                            var frame = player.provide();
                            return frame == null ? null : frame.getData();
                        }, sendLoop, (c, s, r) -> { }, simulator.voiceGatewayClient());
                connection.connect();
                connections.add(connection);
                guilds.add(guild.id);
            }
            Thread.sleep(2000);
            long cpuBefore = processCpuNanos();
            long sentBefore = connections.stream().mapToLong(c -> c.stats().sent()).sum();
            long deficitBefore = connections.stream().mapToLong(c -> c.stats().deficit()).sum();
            int framesBefore = guilds.stream().mapToInt(g -> simulator.voice().call(g).frames.size()).sum();
            Thread.sleep(SECONDS * 1000L);
            long cpu = processCpuNanos() - cpuBefore;
            long sent = connections.stream().mapToLong(c -> c.stats().sent()).sum() - sentBefore;
            long deficit = connections.stream().mapToLong(c -> c.stats().deficit()).sum() - deficitBefore;
            long expected = (long) players * SECONDS * 50;
            List<Double> intervals = new ArrayList<>();
            for (String guild : guilds) {
                VoiceServer.Call call = simulator.voice().call(guild);
                double[] all = call.arrivalIntervalsMillis();
                for (int i = Math.max(0, framesBefore / players); i < all.length; i++) {
                    intervals.add(all[i]);
                }
            }
            double[] sorted = intervals.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("BENCH " + source.name() + " streamed players=%d frames sent=%d of %d (%.2f%% missing) deficit=%d cpu/player=%.2f%% of a core"
                            + " interval p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    players, sent, expected, 100.0 * (expected - Math.min(expected, sent)) / expected, deficit,
                    100.0 * cpu / (SECONDS * 1e9) / players, percentile(sorted, 0.5), percentile(sorted, 0.99), sorted[sorted.length - 1]);
            connections.forEach(VoiceConnection::close);
            manager.shutdown();
        }
    }

    /** The floor: the same decoding and Opus encoding, frames pulled every 20 ms, nothing sent. */
    private void bareLoop(int players, Source source) throws Exception {
        try (MediaServer media = new MediaServer()) {
            String url = media.add(source.name(), source.file().apply(SECONDS + 10));
            AudioPlayerManager manager = BareLavaplayer.manager();
            List<AudioPlayer> all = new ArrayList<>();
            for (int i = 0; i < players; i++) {
                AudioPlayer player = manager.createPlayer();
                player.startTrack(BareLavaplayer.load(manager, url), false);
                all.add(player);
            }
            Thread.sleep(2000);
            long cpuBefore = processCpuNanos();
            long frames = 0;
            long deadline = System.nanoTime();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            while (System.nanoTime() < end) {
                deadline += TimeUnit.MILLISECONDS.toNanos(20);
                for (AudioPlayer player : all) {
                    if (player.provide() != null) {
                        frames++;
                    }
                }
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            long cpu = processCpuNanos() - cpuBefore;
            System.out.printf("BENCH " + source.name() + " bare-lavaplayer players=%d frames=%d cpu/player=%.2f%% of a core%n",
                    players, frames, 100.0 * cpu / (SECONDS * 1e9) / players);
            manager.shutdown();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }
}
