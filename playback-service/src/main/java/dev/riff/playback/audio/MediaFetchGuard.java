package dev.riff.playback.audio;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.tools.http.ExtendedHttpClientBuilder;
import dev.riff.support.net.MediaDestinations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Keeps lavaplayer's HTTP fetches on the public internet, whatever a /play link or the redirects it
 * leads to say (server-side request forgery). The check sits where a socket connects: it judges the
 * very address being connected to, after resolution, on every hop, so a host that resolves to a
 * public address once and a private one the next time (DNS rebinding) gains nothing. Only the
 * operator's exact trusted {@code host:port} pairs may be private. Redirects are capped.
 */
public final class MediaFetchGuard {

    /**
     * Redirects one fetch may follow; each hop is checked like the first request. lavaplayer's HTTP
     * source follows a redirect as a new load of its target, also at most five times; the HTTP
     * client's own redirects (other sources) are capped here.
     */
    public static final int MAX_REDIRECTS = 5;

    /** Raised instead of connecting to an address media may not come from. */
    public static final class RefusedDestination extends IOException {
        RefusedDestination(HttpHost host, InetSocketAddress address) {
            super("Refused to fetch media from " + host.toHostString() + ": it is " + address.getAddress().getHostAddress()
                    + ", not an address on the public internet");
        }
    }

    private final MediaDestinations destinations;

    public MediaFetchGuard(MediaDestinations destinations) {
        this.destinations = destinations;
    }

    /** Applies the guard to every HTTP source the manager has or will have. */
    public void applyTo(AudioPlayerManager manager) {
        manager.setHttpBuilderConfigurator(builder -> {
            if (builder instanceof ExtendedHttpClientBuilder extended) {
                extended.setPlainConnectionSocketFactory(new GuardedPlainSockets());
                extended.setSslConnectionSocketFactory(new GuardedTlsSockets());
            } else {
                throw new IllegalStateException("lavaplayer's HTTP client builder changed; the media fetch guard cannot be applied");
            }
        });
        manager.setHttpRequestConfigurator(config -> RequestConfig.copy(config)
                .setRedirectsEnabled(true).setMaxRedirects(MAX_REDIRECTS).setCircularRedirectsAllowed(false).build());
    }

    void check(HttpHost host, InetSocketAddress address) throws RefusedDestination {
        if (!destinations.trusted(host.getHostName(), address.getPort(), host.getSchemeName())
                && !MediaDestinations.isPublic(address.getAddress())) {
            throw new RefusedDestination(host, address);
        }
    }

    private final class GuardedPlainSockets extends PlainConnectionSocketFactory {
        @Override
        public Socket connectSocket(int timeout, Socket socket, HttpHost host, InetSocketAddress remote, InetSocketAddress local,
                HttpContext context) throws IOException {
            check(host, remote);
            return super.connectSocket(timeout, socket, host, remote, local, context);
        }
    }

    private final class GuardedTlsSockets extends SSLConnectionSocketFactory {
        GuardedTlsSockets() {
            super(defaultTls(), new DefaultHostnameVerifier());
        }

        @Override
        public Socket connectSocket(int timeout, Socket socket, HttpHost host, InetSocketAddress remote, InetSocketAddress local,
                HttpContext context) throws IOException {
            check(host, remote);
            return super.connectSocket(timeout, socket, host, remote, local, context);
        }
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS on this JVM", e);
        }
    }
}
