package dev.riff.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Free ports for tests come from below the kernel's ephemeral range, each once, and can be bound. */
class PortsTest {

    @Test
    void freePortsAreOutsideTheEphemeralRangeDistinctAndBindable() throws IOException {
        int ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ports.add(Ports.free());
        }
        assertEquals(200, ports.size(), "never the same port twice");
        for (int port : ports) {
            assertTrue(port < ephemeralStart, port + " is in the ephemeral range from " + ephemeralStart);
        }
        try (ServerSocket socket = new ServerSocket(ports.iterator().next())) {
            assertTrue(socket.isBound());
        }
    }
}
