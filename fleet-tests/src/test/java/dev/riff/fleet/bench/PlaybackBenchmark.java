package dev.riff.fleet.bench;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.NonAllocatingAudioFrameBuffer;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.devkit.audio.OggOpusFile;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.VoiceServer;
import dev.riff.voice.VoiceConnection;
import dev.riff.voice.VoiceSendLoop;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The playback benchmark (a harness, not a test: tagged "benchmark", excluded from the build):
 * N lavaplayer players stream a file through the voice library to the simulated voice server, and
 * the same N players are pulled in a bare lavaplayer loop as the floor, at each player count of a
 * sweep. A source's sweep stops at the first count whose frame deficit passes the limit: its knee.
 * Run with {@code ./mvnw -B test -pl fleet-tests -Dtest=PlaybackBenchmark -Driff.excluded.groups=none -Dgroups=benchmark}
 * (after {@code ./mvnw -B install -DskipTests}). System properties:
 * <ul>
 * <li>{@code riff.bench.transcode-players}, {@code riff.bench.passthrough-players}: the sweeps
 * (comma-separated counts); {@code riff.bench.players} sets both</li>
 * <li>{@code riff.bench.sources}: any of wav, mp3, opus (mp3 needs the lame encoder)</li>
 * <li>{@code riff.bench.seconds}: the measurement window (at 20 s, one tick the send loop misses is
 * 0.1 % of the frames due); {@code riff.bench.deficit-limit}: percent</li>
 * <li>{@code riff.bench.receiver}: arrivals (the voice server decrypts and times each frame) or
 * pcm (it also decodes it, a listener's work that competes with the node for the same cores)</li>
 * <li>{@code riff.bench.frame-buffer}: allocating (lavaplayer's default, as playback-service runs) or
 * non-allocating (its preallocated ring buffer)</li>
 * <li>{@code riff.bench.jfr}: a directory for a flight recording of each streamed window (it costs
 * CPU and lengthens GC pauses: take knees from runs without it)</li>
 * </ul>
 */
@Tag("benchmark")
class PlaybackBenchmark {

    private static final int SECONDS = Integer.getInteger("riff.bench.seconds", 20);
    private static final double DEFICIT_LIMIT = Double.parseDouble(System.getProperty("riff.bench.deficit-limit", "0.1"));
    private static final VoiceServer.Recording RECEIVER =
            VoiceServer.Recording.valueOf(System.getProperty("riff.bench.receiver", "arrivals").toUpperCase(Locale.ROOT));
    private static final Optional<Path> JFR = Optional.ofNullable(System.getProperty("riff.bench.jfr")).map(Path::of);
    /** Files outlast connecting, warming up and the window: a player that runs dry would count as a deficit. */
    private static final int FILE_SECONDS = SECONDS + 90;
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final boolean NON_ALLOCATING = System.getProperty("riff.bench.frame-buffer", "allocating").equals("non-allocating");
    /** Voice connections are opened this many at a time: all at once, the TLS handshakes time out. */
    private static final int CONNECT_BATCH = 50;

    /** A source format: its file name, whether lavaplayer transcodes it, and how to make a file of it. */
    private record Source(String key, String name, boolean transcoded, IntFunction<byte[]> file) {
    }

    /**
     * What one side of a step measured over its window. Frames due: one per player for every 20 ms
     * tick, the ticks the loop fell behind on included; audio frames: those that had audio. The
     * deficit is the rest, whether the loop was late or the player had no frame ready.
     */
    private record Measured(int players, double seconds, long due, long audio, long sent, long nulled, long loopMissed,
                            long received, long stopped, double[] pullIntervals, double[] arrivalIntervals, Cpu cpu) {
        double deficitPercent() {
            return 100.0 * Math.max(0, due - audio) / due;
        }
    }

    @Test
    void playersStreamingToTheVoiceServer() throws Exception {
        List<String> keys = List.of(System.getProperty("riff.bench.sources", "wav,mp3,opus").split(","));
        List<Source> sources = new ArrayList<>();
        if (keys.contains("wav")) {
            sources.add(new Source("wav", "tone.wav", true, seconds -> MediaServer.wavTone(440, seconds)));
        }
        if (keys.contains("mp3")) {
            mp3(FILE_SECONDS).ifPresent(mp3 -> sources.add(new Source("mp3", "tone.mp3", true, seconds -> mp3)));
        }
        if (keys.contains("opus")) {
            sources.add(new Source("opus", "tone.opus", false, seconds -> OggOpusFile.tone(440, seconds)));
        }
        System.out.printf("BENCH window %d s, knee where the frame deficit passes %.2f %%, voice server receiver: %s;"
                        + " lavaplayer frame buffer: %s; JVM: %s%n",
                SECONDS, DEFICIT_LIMIT, RECEIVER == VoiceServer.Recording.PCM
                        ? "decrypts and Opus-decodes every frame (a listener's work, in this JVM)"
                        : "decrypts and times every frame, no Opus decoding",
                NON_ALLOCATING ? "non-allocating" : "allocating (the default)",
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-X")).toList());
        for (Source source : sources) {
            int lastWithin = 0;
            Integer knee = null;
            for (int players : counts(source)) {
                Measured streamed = streamed(players, source);
                Measured floor = bareLoop(players, source);
                print(source, streamed, floor);
                if (streamed.deficitPercent() > DEFICIT_LIMIT) {
                    knee = players;
                    break;
                }
                lastWithin = players;
            }
            System.out.printf("BENCH %s knee: %s%n", source.name(), knee == null
                    ? "not reached; " + lastWithin + " players within " + DEFICIT_LIMIT + " %"
                    : "deficit passes " + DEFICIT_LIMIT + " % at " + knee + " players; "
                            + (lastWithin == 0 ? "no count was within it" : lastWithin + " was the last count within it"));
        }
    }

    private static List<Integer> counts(Source source) {
        String sweep = System.getProperty("riff.bench.players", source.transcoded()
                ? System.getProperty("riff.bench.transcode-players", "25,50,75,100,150,200,300")
                : System.getProperty("riff.bench.passthrough-players", "100,250,375,500,750,1000,1500,2000"));
        return Arrays.stream(sweep.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    /** An MP3 of the tone, made by the lame encoder when it is installed (Debian: apt-get install lame). */
    private static Optional<byte[]> mp3(int seconds) throws Exception {
        Path wav = Files.createTempFile("tone", ".wav");
        Path mp3 = Files.createTempFile("tone", ".mp3");
        Files.write(wav, MediaServer.wavTone(440, seconds));
        try {
            Process lame = new ProcessBuilder("lame", "--quiet", "-b", "192", wav.toString(), mp3.toString()).start();
            if (lame.waitFor() != 0) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(mp3));
        } catch (java.io.IOException notInstalled) {
            System.out.println("BENCH skipped MP3: the lame encoder is not installed");
            return Optional.empty();
        } finally {
            Files.deleteIfExists(wav);
            Files.deleteIfExists(mp3);
        }
    }

    private Measured streamed(int players, Source source) throws Exception {
        try (DiscordSimulator simulator = DiscordSimulator.start(0); MediaServer media = new MediaServer();
                VoiceSendLoop sendLoop = new VoiceSendLoop()) {
            simulator.voice().recording(RECEIVER);
            AudioPlayerManager manager = manager();
            AudioTrack track = BareLavaplayer.load(manager, media.add(source.name(), source.file().apply(FILE_SECONDS)));
            Window window = new Window();
            List<VoiceConnection> connections = new ArrayList<>();
            List<AudioPlayer> audioPlayers = new ArrayList<>();
            List<Pulls> pulls = new ArrayList<>();
            List<String> guilds = new ArrayList<>();
            for (int i = 0; i < players; i++) {
                DiscordState.Guild guild = simulator.addGuild("Bench " + i, "owner");
                var grant = simulator.joinVoiceAsBot(guild.id, simulator.state().channelNamed(guild.id, "Music").id());
                AudioPlayer player = manager.createPlayer();
                Pulls pulled = new Pulls(window);
                VoiceConnection connection = new VoiceConnection(simulator.voiceSession(grant), () -> {
                    long at = System.nanoTime();
                    var frame = player.provide();
                    pulled.pulled(at, frame != null);
                    return frame == null ? null : frame.getData();
                }, sendLoop, (c, s, r) -> { }, simulator.voiceGatewayClient());
                connection.connect();
                connections.add(connection);
                audioPlayers.add(player);
                pulls.add(pulled);
                guilds.add(guild.id);
                if (connections.size() % CONNECT_BATCH == 0 || connections.size() == players) {
                    awaitReady(sendLoop, connections.size());
                }
            }
            // Tracks start once every call is ready, so none sits unpolled long enough for lavaplayer to clean it up.
            startTracks(audioPlayers, track, i -> connections.get(i).stats().sent() > 0);
            warmUp();
            var recording = JFR.map(dir -> startRecording());
            Cpu.Sample cpuBefore = Cpu.sample();
            Counters before = Counters.of(connections);
            window.open();
            Thread.sleep(SECONDS * 1000L);
            window.close();
            Counters after = Counters.of(connections);
            Cpu.Sample cpuAfter = Cpu.sample();
            long stopped = audioPlayers.stream().filter(p -> p.getPlayingTrack() == null).count();
            stalls(window, pulls.getFirst().times());
            recording.ifPresent(r -> stopRecording(r, JFR.get().resolve(source.key() + "-" + players + ".jfr")));
            double seconds = (window.end - window.start) / 1e9;
            long pulled = pulls.stream().mapToLong(Pulls::count).sum();
            long empty = pulls.stream().mapToLong(Pulls::empty).sum();
            long loopMissed = after.loopMissed - before.loopMissed;
            List<double[]> arrivals = new ArrayList<>();
            long received = 0;
            for (String guild : guilds) {
                long[] times = Arrays.stream(simulator.voice().call(guild).arrivalNanos())
                        .filter(t -> t >= window.start && t < window.end).toArray();
                received += times.length;
                arrivals.add(intervals(times));
            }
            connections.forEach(VoiceConnection::close);
            manager.shutdown();
            // The voice server hands each hang-up to its DAVE worker, which closing the simulator stops.
            Thread.sleep(2000);
            return new Measured(players, seconds, pulled + loopMissed, pulled - empty, after.sent - before.sent,
                    after.nulled - before.nulled, loopMissed, received, stopped,
                    merged(pulls.stream().map(p -> intervals(p.times())).toList()), merged(arrivals), Cpu.between(cpuBefore, cpuAfter));
        }
    }

    /** When the send loop came late to one player by more than half a frame: it is late to every player then. */
    private static void stalls(Window window, long[] pulls) {
        List<long[]> late = new ArrayList<>();
        for (int i = 1; i < pulls.length; i++) {
            if (pulls[i] - pulls[i - 1] > TimeUnit.MILLISECONDS.toNanos(30)) {
                late.add(new long[] {pulls[i] - pulls[i - 1], pulls[i - 1] - window.start});
            }
        }
        String longest = late.stream().sorted((a, b) -> Long.compare(b[0], a[0])).limit(8)
                .map(gap -> String.format(Locale.ROOT, "%.0f ms at +%.2f s", gap[0] / 1e6, gap[1] / 1e9)).collect(Collectors.joining(", "));
        System.out.println("BENCH   send loop gaps over 30 ms (first player, window from " + window.startedAt + "): " + late.size()
                + (late.isEmpty() ? "" : ", longest " + longest));
    }

    /**
     * A batch at a time, each playing before the next starts: the media host reads requests on one
     * thread, and lavaplayer fails a track whose host has not answered within its timeouts. A track
     * that fails to open anyway is started again: that is the local host's limit, not the node's.
     */
    private static void startTracks(List<AudioPlayer> players, AudioTrack track, java.util.function.IntPredicate playing)
            throws InterruptedException {
        for (int from = 0; from < players.size(); from += CONNECT_BATCH) {
            int to = Math.min(players.size(), from + CONNECT_BATCH);
            for (int i = from; i < to; i++) {
                players.get(i).startTrack(track.makeClone(), false);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = from; i < to; i++) {
                while (!playing.test(i)) {
                    if (players.get(i).getPlayingTrack() == null) {
                        System.out.println("BENCH   player " + i + " failed to open its track; starting it again");
                        players.get(i).startTrack(track.makeClone(), false);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("player " + i + " of " + players.size() + " has not started playing");
                    }
                    Thread.sleep(10);
                }
            }
        }
    }

    /**
     * lavaplayer as playback-service configures it (defaults: frames allocated one by one into a
     * 5 s buffer), or with its preallocated frame buffer (riff.bench.frame-buffer=non-allocating).
     */
    private static AudioPlayerManager manager() {
        AudioPlayerManager manager = BareLavaplayer.manager();
        if (NON_ALLOCATING) {
            manager.getConfiguration().setFrameBufferFactory(NonAllocatingAudioFrameBuffer::new);
        }
        return manager;
    }

    private static void awaitReady(VoiceSendLoop sendLoop, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sendLoop.connections() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + sendLoop.connections() + " of " + count + " voice connections became ready");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Until lavaplayer has filled its players' frame buffers (5 s of audio each, decoded as fast as
     * it can at start), which for hundreds of transcoding players takes long after the first frames:
     * the process's CPU first stays steady, or the cores stay saturated and the step is past the knee.
     */
    private static void warmUp() throws InterruptedException {
        long started = System.nanoTime();
        Thread.sleep(3000);
        double previous = coresUsedOver(1000);
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(40)) {
            double current = coresUsedOver(1000);
            if (Math.abs(current - previous) < 0.05 * Math.max(current, previous) + 0.02 && current < 1.9) {
                break;
            }
            previous = current;
        }
        System.out.printf("BENCH   warm-up %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static double coresUsedOver(long millis) throws InterruptedException {
        long cpu = processCpuNanos();
        long wall = System.nanoTime();
        Thread.sleep(millis);
        return (double) (processCpuNanos() - cpu) / (System.nanoTime() - wall);
    }

    /** The floor: the same players pulled every 20 ms by one thread, paced as the send loop is, nothing sent. */
    private Measured bareLoop(int players, Source source) throws Exception {
        try (MediaServer media = new MediaServer()) {
            AudioPlayerManager manager = manager();
            AudioTrack track = BareLavaplayer.load(manager, media.add(source.name(), source.file().apply(FILE_SECONDS)));
            List<AudioPlayer> all = new ArrayList<>();
            for (int i = 0; i < players; i++) {
                all.add(manager.createPlayer());
            }
            startTracks(all, track, i -> all.get(i).provide() != null);
            warmUp();
            Cpu.Sample cpuBefore = Cpu.sample();
            long frames = 0;
            long ticks = 0;
            long missed = 0;
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
            long deadline = start;
            while (System.nanoTime() < end) {
                deadline += FRAME_NANOS;
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (-wait >= FRAME_NANOS) {
                    missed += players * (-wait / FRAME_NANOS);
                    deadline += (-wait / FRAME_NANOS) * FRAME_NANOS;
                }
                ticks++;
                for (AudioPlayer player : all) {
                    if (player.provide() != null) {
                        frames++;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Cpu cpu = Cpu.between(cpuBefore, Cpu.sample());
            long stopped = all.stream().filter(p -> p.getPlayingTrack() == null).count();
            manager.shutdown();
            return new Measured(players, seconds, ticks * players + missed, frames, 0, 0, missed, 0, stopped,
                    new double[0], new double[0], cpu);
        }
    }

    private static void print(Source source, Measured streamed, Measured floor) {
        String kind = source.transcoded() ? "transcode" : "passthrough";
        int n = streamed.players();
        System.out.printf(Locale.ROOT, "BENCH %s (%s) players=%d window=%.1f s: audio frames %d of %d due, deficit %.3f %%"
                        + " (send loop behind: %d, player had none: %d); packets sent %d (%d of them silence), received by the voice server %d;"
                        + " tracks ended early %d%n",
                source.name(), kind, n, streamed.seconds(), streamed.audio(), streamed.due(), streamed.deficitPercent(),
                streamed.loopMissed(), streamed.due() - streamed.loopMissed() - streamed.audio(), streamed.sent(), streamed.nulled(),
                streamed.received(), streamed.stopped());
        System.out.printf(Locale.ROOT, "BENCH   interval between pulls of a player's frames p50=%.2f ms p99=%.2f ms max=%.2f ms;"
                        + " between arrivals p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                percentile(streamed.pullIntervals(), 0.5), percentile(streamed.pullIntervals(), 0.99), percentile(streamed.pullIntervals(), 1),
                percentile(streamed.arrivalIntervals(), 0.5), percentile(streamed.arrivalIntervals(), 0.99),
                percentile(streamed.arrivalIntervals(), 1));
        Cpu cpu = streamed.cpu();
        long pulled = streamed.due() - streamed.loopMissed();
        System.out.printf(Locale.ROOT, "BENCH   CPU per player (%% of a core): whole process %.3f, without the simulator and media host %.3f;"
                        + " send loop %.1f us per frame; process %.2f cores: %s%n",
                cpu.perPlayer(cpu.process(), n), cpu.perPlayer(cpu.process() - cpu.listenerSide(), n),
                pulled == 0 ? Double.NaN : cpu.byGroup().getOrDefault("voice-sender", 0L) / 1e3 / pulled, cpu.cores(cpu.process()),
                cpu.breakdown());
        System.out.printf(Locale.ROOT, "BENCH   floor, bare lavaplayer: frames %d of %d (%.3f %% short, loop behind: %d, tracks ended early %d),"
                        + " CPU per player %.3f %% of a core (process %.2f cores: %s)%n",
                floor.audio(), floor.due(), floor.deficitPercent(), floor.loopMissed(), floor.stopped(),
                floor.cpu().perPlayer(floor.cpu().process(), n), floor.cpu().cores(floor.cpu().process()), floor.cpu().breakdown());
    }

    private static double[] intervals(long[] times) {
        double[] intervals = new double[Math.max(0, times.length - 1)];
        for (int i = 1; i < times.length; i++) {
            intervals[i - 1] = (times[i] - times[i - 1]) / 1e6;
        }
        return intervals;
    }

    private static double[] merged(List<double[]> parts) {
        double[] all = parts.stream().flatMapToDouble(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static jdk.jfr.Recording startRecording() {
        try {
            jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            // Sampled by CPU time, native code and system calls included: most of the send path is not Java.
            recording.enable("jdk.CPUTimeSample").with("throttle", "5ms");
            recording.start();
            return recording;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a flight recording", e);
        }
    }

    private static void stopRecording(jdk.jfr.Recording recording, Path file) {
        try (recording) {
            recording.stop();
            Files.createDirectories(file.getParent());
            recording.dump(file);
            System.out.println("BENCH   flight recording of the window: " + file.toAbsolutePath());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write the flight recording", e);
        }
    }

    /** The measurement window, which the players' pull timestamps are kept for. */
    private static final class Window {
        volatile boolean open;
        volatile long start;
        volatile long end;
        volatile java.time.Instant startedAt;

        void open() {
            startedAt = java.time.Instant.now();
            start = System.nanoTime();
            open = true;
        }

        void close() {
            open = false;
            end = System.nanoTime();
        }
    }

    /** When the send loop pulled a player's frames during the window: the node's own pacing, before the network. */
    private static final class Pulls {
        private final Window window;
        private long[] times = new long[SECONDS * 60];
        private int count;

        Pulls(Window window) {
            this.window = window;
        }

        private long empty;

        /** On the send loop's thread; uncontended until the window's numbers are read. */
        synchronized void pulled(long at, boolean frame) {
            if (window.open) {
                if (count == times.length) {
                    times = Arrays.copyOf(times, count * 2);
                }
                times[count++] = at;
                if (!frame) {
                    empty++;
                }
            }
        }

        synchronized long[] times() {
            return Arrays.copyOf(times, count);
        }

        synchronized long count() {
            return count;
        }

        synchronized long empty() {
            return empty;
        }
    }

    /** The voice connections' frame statistics, summed. */
    private record Counters(long sent, long nulled, long loopMissed) {
        static Counters of(List<VoiceConnection> connections) {
            long sent = 0, nulled = 0, missed = 0;
            for (VoiceConnection connection : connections) {
                sent += connection.stats().sent();
                nulled += connection.stats().nulled();
                missed += connection.stats().deficit();
            }
            return new Counters(sent, nulled, missed);
        }
    }

    /**
     * CPU over a window: the process's, and its Java threads' grouped by name (digits dropped). What
     * no Java thread accounts for is the JVM's own work: garbage collection and compilation.
     */
    private record Cpu(double seconds, long process, Map<String, Long> byGroup) {

        /** Threads that are the listener side (the simulated voice server, the media host), not the node. */
        private static final List<String> LISTENER_SIDE = List.of("vert.x-", "ForkJoinPool-#-worker-", "HTTP-Dispatcher");

        record Sample(long nanoTime, long process, Map<Long, String> names, Map<Long, Long> threads) {
        }

        static Sample sample() {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ids = threads.getAllThreadIds();
            ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
            long[] times = threads.getThreadCpuTime(ids);
            Map<Long, String> names = new HashMap<>();
            Map<Long, Long> cpu = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                if (infos[i] != null && times[i] >= 0) {
                    names.put(ids[i], infos[i].getThreadName());
                    cpu.put(ids[i], times[i]);
                }
            }
            return new Sample(System.nanoTime(), processCpuNanos(), names, cpu);
        }

        static Cpu between(Sample before, Sample after) {
            Map<String, Long> groups = new TreeMap<>();
            long threads = 0;
            for (var entry : after.threads().entrySet()) {
                long used = entry.getValue() - before.threads().getOrDefault(entry.getKey(), 0L);
                groups.merge(after.names().get(entry.getKey()).replaceAll("[0-9]+", "#"), used, Long::sum);
                threads += used;
            }
            long process = after.process() - before.process();
            groups.put("JVM (GC, JIT)", Math.max(0, process - threads));
            return new Cpu((after.nanoTime() - before.nanoTime()) / 1e9, process, groups);
        }

        long listenerSide() {
            return byGroup.entrySet().stream().filter(e -> LISTENER_SIDE.stream().anyMatch(e.getKey()::startsWith))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        double cores(long nanos) {
            return nanos / (seconds * 1e9);
        }

        double perPlayer(long nanos, int players) {
            return 100 * cores(nanos) / players;
        }

        /** The groups that used at least 1 % of a core, busiest first. */
        String breakdown() {
            return byGroup.entrySet().stream().filter(e -> cores(e.getValue()) >= 0.01)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * cores(e.getValue())))
                    .collect(Collectors.joining(", "));
        }
    }
}
