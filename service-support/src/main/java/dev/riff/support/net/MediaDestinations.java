package dev.riff.support.net;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the fleet may fetch media for a member: only addresses on the public internet, so a /play
 * link (or a redirect it leads to) cannot reach the fleet's own services, the cloud's metadata
 * endpoint or anything else on a private network (server-side request forgery). An operator may
 * trust exact {@code host:port} pairs (an internal media server); a trusted host on another port
 * is not trusted.
 */
@Singleton
public final class MediaDestinations {

    private final Set<String> trusted;

    @Inject
    MediaDestinations(MediaConfig config) {
        this(config.trustedHosts().orElse(List.of()));
    }

    /** @param trustedHostPorts entries like {@code media.internal:8443} or {@code [::1]:8080}. */
    public MediaDestinations(List<String> trustedHostPorts) {
        this.trusted = trustedHostPorts.stream().map(MediaDestinations::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether this exact host and port was trusted by the operator (port -1 means the scheme's default). */
    public boolean trusted(String host, int port, String scheme) {
        int effectivePort = port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        return trusted.contains(normalize(host + ":" + effectivePort));
    }

    public boolean trusted(URI url) {
        return url.getHost() != null && trusted(url.getHost(), url.getPort(), url.getScheme());
    }

    /** A host that resolves, but to an address media may not be fetched from. */
    public static final class NonPublicAddressException extends UnknownHostException {
        NonPublicAddressException(String host) {
            super(host + " resolves to a non-public address, which media may not be fetched from");
        }
    }

    /**
     * Resolves a host and returns its addresses if every one is public.
     *
     * @throws NonPublicAddressException when one is not
     * @throws UnknownHostException when the host does not resolve
     */
    public InetAddress[] resolvePublic(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(bareHost(host));
        if (Arrays.stream(addresses).anyMatch(a -> !isPublic(a))) {
            throw new NonPublicAddressException(host);
        }
        return addresses;
    }

    /**
     * On the public internet: not loopback, private (RFC 1918, unique-local), link-local, CGNAT,
     * multicast, unspecified, reserved or documentation space; IPv6 forms that carry an IPv4 address
     * (IPv4-compatible, IPv4-mapped, NAT64, 6to4, Teredo) are judged by the IPv4 address they carry.
     */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        return address instanceof Inet6Address ? isPublicV6(b) : isPublicV4(b);
    }

    private static boolean isPublicV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        boolean thisNetwork = first == 0;
        boolean privateUse = first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168;
        boolean loopback = first == 127;
        boolean linkLocal = first == 169 && second == 254;
        boolean carrierGradeNat = first == 100 && second >= 64 && second <= 127;
        boolean ietfProtocol = first == 192 && second == 0 && third == 0;
        boolean documentation = first == 192 && second == 0 && third == 2 || first == 198 && second == 51 && third == 100
                || first == 203 && second == 0 && third == 113;
        boolean benchmarking = first == 198 && (second == 18 || second == 19);
        boolean relay6to4 = first == 192 && second == 88 && third == 99;
        boolean multicastOrReserved = first >= 224;
        return !(thisNetwork || privateUse || loopback || linkLocal || carrierGradeNat || ietfProtocol || documentation
                || benchmarking || relay6to4 || multicastOrReserved);
    }

    private static boolean isPublicV6(byte[] b) {
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return isPublicV4(Arrays.copyOfRange(b, 12, 16)); // IPv4-mapped ::ffff:a.b.c.d
        }
        if (allZero(b, 0, 12)) {
            return isPublicV4(Arrays.copyOfRange(b, 12, 16)); // IPv4-compatible ::a.b.c.d (deprecated, never public)
        }
        int first16 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int second16 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (first16 == 0x0064 && second16 == 0xff9b) {
            // NAT64: 64:ff9b::/96 well-known, 64:ff9b:1::/48 local use (never public).
            return allZero(b, 4, 12) && isPublicV4(Arrays.copyOfRange(b, 12, 16));
        }
        if (first16 == 0x2002) {
            return isPublicV4(Arrays.copyOfRange(b, 2, 6)); // 6to4 2002:a.b.c.d::/48
        }
        if (first16 == 0x2001 && second16 == 0x0000) {
            // Teredo: the server's IPv4 in bytes 4-7, the client's (inverted) in 12-15.
            byte[] client = new byte[4];
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~b[12 + i];
            }
            return isPublicV4(Arrays.copyOfRange(b, 4, 8)) && isPublicV4(client);
        }
        boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
        boolean documentation = first16 == 0x2001 && second16 == 0x0db8 || first16 == 0x3fff && (second16 & 0xf000) == 0;
        boolean discardOnly = first16 == 0x0100 && allZero(b, 2, 8);
        boolean notGlobalUnicast = (b[0] & 0xe0) != 0x20; // everything public lives in 2000::/3
        return !(uniqueLocal || documentation || discardOnly || notGlobalUnicast);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String hostPort) {
        String trimmed = hostPort.trim().toLowerCase(Locale.ROOT);
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || trimmed.endsWith("]")) {
            throw new IllegalArgumentException("A trusted media host is host:port exactly, not '" + hostPort + "'");
        }
        return bareHost(trimmed.substring(0, colon)) + ":" + Integer.parseInt(trimmed.substring(colon + 1));
    }

    private static String bareHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
