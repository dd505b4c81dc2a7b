package dev.riff.devkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** TCP port checks on the loopback interface. */
public final class Ports {

    /** The lowest port {@link #free()} chooses: above the fleet's fixed ports and the usual servers'. */
    private static final int FIRST_CHOSEN = 20_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message naming the port and what needed it when something already listens there. */
    public static void requireFree(int port, String forWhat) {
        if (isListening(port)) {
            throw new FleetException("port " + port + " is already in use, so " + forWhat
                    + " cannot start; stop whatever listens there (`ss -ltnp 'sport = :" + port + "'` shows it)");
        }
    }

    /** Waits until something listens on the port, failing with a message naming what was expected there. */
    public static void awaitListening(int port, String what, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isListening(port)) {
            if (System.nanoTime() > deadline) {
                throw new FleetException(what + " does not listen on 127.0.0.1:" + port + " after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetException("interrupted", e);
            }
        }
    }

    /**
     * A port nothing listens on right now, for tests that start their own servers. It is taken below the
     * kernel's ephemeral range and never handed out twice by this JVM: a port from that range (what
     * binding port 0 gives) can become the source port of any outgoing connection before the server
     * meant for it binds, which once stopped a fleet test's gateway with "port in use".
     */
    public static int free() {
        int below = ephemeralRangeStart();
        if (below - FIRST_CHOSEN > 1_000) {
            for (int attempt = 0; attempt < 1_000; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(FIRST_CHOSEN, below);
                if (HANDED_OUT.add(port) && bindable(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new FleetException("no free local port: " + e.getMessage());
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port the kernel may give an outgoing connection (net.ipv4.ip_local_port_range). */
    private static int ephemeralRangeStart() {
        try {
            // As lines: Files.readString trusts the size /proc reports, and on this machine's kernel read one byte of it.
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 32768; // Linux's default
        }
    }
}
