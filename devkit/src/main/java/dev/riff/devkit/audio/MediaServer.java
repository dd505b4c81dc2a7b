package dev.riff.devkit.audio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test support: serves generated audio files over local HTTP (with byte ranges, which lavaplayer
 * uses to seek), as a media host would.
 */
public final class MediaServer implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** Files that stop flowing after this many bytes: the connection stays open and silent, as a stalled host's would. */
    private final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();

    public MediaServer() {
        this(0);
    }

    /** On a given loopback port (0: any free one). */
    public MediaServer(int port) {
        try {
            // Hundreds of players may connect at once (benchmarks): the default backlog of 50 times them out.
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the media server", e);
        }
        server.createContext("/", this::serve);
        // Players read their streams slowly, at playback pace: each request needs its own thread.
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** This server as a {@code host:port} an operator would trust (riff.media.trusted-hosts). */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes a file and returns its URL. */
    public String add(String name, byte[] content) {
        files.put("/" + name, content);
        return "http://" + hostPort() + "/" + name;
    }

    /** Publishes a file whose transfer stalls after {@code bytes}, and returns its URL. */
    public String addStalling(String name, byte[] content, int bytes) {
        stallAfter.put("/" + name, bytes);
        return add(name, content);
    }

    /** A 16-bit stereo 48 kHz WAV file of a sine tone. */
    public static byte[] wavTone(double frequency, int seconds) {
        return wavSweep(frequency, 0, seconds);
    }

    /**
     * A WAV file whose pitch rises steadily from {@code startHz} by {@code hzPerSecond}: the
     * frequency heard tells where in the file playback is.
     */
    public static byte[] wavSweep(double startHz, double hzPerSecond, int seconds) {
        return wav(sweep(startHz, hzPerSecond, seconds));
    }

    /** A 48 kHz sine whose pitch rises from {@code startHz} by {@code hzPerSecond} (0: a steady tone). */
    public static short[] sweep(double startHz, double hzPerSecond, int seconds) {
        int sampleRate = 48_000;
        short[] mono = new short[sampleRate * seconds];
        for (int i = 0; i < mono.length; i++) {
            double t = (double) i / sampleRate;
            mono[i] = (short) (Math.sin(2 * Math.PI * (startHz * t + hzPerSecond * t * t / 2)) * 12_000);
        }
        return mono;
    }

    /** A 16-bit stereo 48 kHz WAV file with the same signal on both channels. */
    public static byte[] wav(short[] mono) {
        int sampleRate = 48_000;
        int dataLength = mono.length * 4;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataLength).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + dataLength).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(sampleRate)
                .putInt(sampleRate * 4).putShort((short) 4).putShort((short) 16);
        wav.put("data".getBytes()).putInt(dataLength);
        for (short value : mono) {
            wav.putShort(value).putShort(value);
        }
        return wav.array();
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] content = files.get(exchange.getRequestURI().getPath());
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        int start = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && range.matches("bytes=\\d+-\\d*")) {
            start = Math.min(content.length, Integer.parseInt(range.substring(6, range.indexOf('-'))));
        }
        String path = exchange.getRequestURI().getPath();
        exchange.getResponseHeaders().set("Content-Type", path.endsWith(".mp3") ? "audio/mpeg" : path.endsWith(".opus") ? "audio/ogg"
                : path.endsWith(".json") ? "application/json" : "audio/wav");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (range != null) {
            exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(range != null ? 206 : 200, head ? -1 : content.length - start);
        if (!head) {
            try (OutputStream body = exchange.getResponseBody()) {
                Integer stall = stallAfter.get(path);
                if (stall != null) {
                    // Every request of a stalling file stops at the same byte, retries with a range included.
                    if (stall > start) {
                        body.write(content, start, stall - start);
                    }
                    body.flush();
                    Thread.sleep(120_000);
                    return;
                }
                // In chunks: the JDK's server copies one write into a buffer of its size and keeps it while
                // the player reads at playback pace (20 MB per WAV stream).
                for (int at = start; at < content.length; at += CHUNK) {
                    body.write(content, at, Math.min(CHUNK, content.length - at));
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (IOException clientWentAway) {
                // lavaplayer closes streams it no longer needs
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
