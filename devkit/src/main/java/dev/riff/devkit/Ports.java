package dev.riff.devkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP port checks on the loopback interface. */
public final class Ports {

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

    /** A port nothing listens on right now, for tests that start their own servers. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new FleetException("no free local port: " + e.getMessage());
        }
    }
}
