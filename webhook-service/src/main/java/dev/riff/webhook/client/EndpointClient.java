package dev.riff.webhook.client;

import dev.riff.support.net.MediaDestinations;
import dev.riff.webhook.config.WebhookConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sends one signed message to an endpoint, guarded against server-side request forgery at every
 * connect: the host is resolved here, every address must be public (else the attempt fails and
 * nothing is sent), and the connection goes to the resolved address (pinned), so a DNS answer that
 * changes between the check and the connect cannot reach the fleet's network. Redirects are not
 * followed, the whole attempt is bounded by the timeout, and at most maxResponseBytes of the answer
 * are read.
 */
@ApplicationScoped
public class EndpointClient {

    /** What an endpoint answered, or why no answer came. */
    public record Outcome(Integer status, String body, Duration retryAfter, String error, long latencyMillis) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** A URL a subscription may not use, with the reason the member is told. */
    public static final class RefusedDestination extends Exception {
        public RefusedDestination(String reason) {
            super(reason);
        }
    }

    /** No host is trusted here: development hosts are this client's own exception, checked before. */
    private static final MediaDestinations PUBLIC_ONLY = new MediaDestinations(List.of());

    private final HttpClient http;
    private final WebhookConfig config;
    private final Set<String> developmentHosts;

    EndpointClient(Vertx vertx, WebhookConfig config) {
        this.config = config;
        this.developmentHosts = config.developmentHosts().orElse(List.of()).stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        // Endpoints of many guilds may share a host; the dispatcher bounds each endpoint, so the pool
        // never makes one endpoint's attempts wait behind another's on the same host.
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(config.maxInFlight()).setKeepAlive(true).setVerifyHost(true).setTryUseCompression(false));
    }

    /** The URL's form, checked without I/O: https (http only for development hosts), a host, no credentials, no fragment. */
    public URI checkForm(String url) throws RefusedDestination {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new RefusedDestination("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new RefusedDestination("must be an https URL with a host");
        }
        if (scheme.equals("http") && !development(uri)) {
            throw new RefusedDestination("must use https");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new RefusedDestination("must not carry credentials or a fragment");
        }
        return uri;
    }

    /** Resolves the host and returns the address to connect to; refused when any address is not public. */
    public InetAddress resolve(URI uri) throws RefusedDestination {
        try {
            InetAddress[] addresses = development(uri) ? InetAddress.getAllByName(uri.getHost())
                    : PUBLIC_ONLY.resolvePublic(uri.getHost());
            return addresses[0];
        } catch (MediaDestinations.NonPublicAddressException e) {
            throw new RefusedDestination("resolves to a private, loopback, link-local or otherwise non-public address");
        } catch (UnknownHostException e) {
            throw new RefusedDestination("names a host that does not resolve");
        }
    }

    public Uni<Outcome> send(String url, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        return Uni.createFrom().item(() -> {
                    try {
                        URI uri = checkForm(url);
                        return new Object[] {uri, resolve(uri)};
                    } catch (RefusedDestination refused) {
                        return new Object[] {refused};
                    }
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(resolved -> resolved[0] instanceof RefusedDestination refused
                        ? Uni.createFrom().item(new Outcome(null, null, null, "refused: the URL " + refused.getMessage(), elapsed(started)))
                        : post((URI) resolved[0], (InetAddress) resolved[1], headers, body, started));
    }

    private Uni<Outcome> post(URI uri, InetAddress address, Map<String, String> headers, String body, long started) {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri.toString())
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false).setTimeout(config.timeout().toMillis());
        headers.forEach(options::putHeader);
        options.putHeader("Content-Type", "application/json").putHeader("User-Agent", "Riff-Webhooks/1");
        return Uni.createFrom().<Outcome>emitter(emitter -> http.request(options).onComplete(requested -> {
            if (requested.failed()) {
                emitter.complete(new Outcome(null, null, null, describe(requested.cause()), elapsed(started)));
                return;
            }
            var request = requested.result();
            request.send(Buffer.buffer(body, "UTF-8")).onComplete(answered -> {
                if (answered.failed()) {
                    emitter.complete(new Outcome(null, null, null, describe(answered.cause()), elapsed(started)));
                    return;
                }
                var response = answered.result();
                Buffer received = Buffer.buffer();
                Duration retryAfter = retryAfter(response.getHeader("Retry-After"));
                // Only the first bytes are kept; past the cap the connection is dropped rather than read on.
                response.handler(chunk -> {
                    if (received.length() < config.maxResponseBytes()) {
                        received.appendBuffer(chunk.length() + received.length() > config.maxResponseBytes()
                                ? chunk.getBuffer(0, config.maxResponseBytes() - received.length()) : chunk);
                    } else {
                        request.reset();
                    }
                });
                response.exceptionHandler(failure -> emitter.complete(outcome(response.statusCode(), received, retryAfter, started)));
                response.endHandler(done -> emitter.complete(outcome(response.statusCode(), received, retryAfter, started)));
            });
        }));
    }

    private Outcome outcome(int status, Buffer received, Duration retryAfter, long started) {
        String text = new String(received.getBytes(), StandardCharsets.UTF_8);
        return new Outcome(status, text.length() > config.storedResponseChars() ? text.substring(0, config.storedResponseChars()) : text,
                retryAfter, null, elapsed(started));
    }

    private boolean development(URI uri) {
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        return host != null && (developmentHosts.contains(host + ":" + port) || developmentHosts.contains(host + ":*"));
    }

    /** Retry-After in seconds; an HTTP date is not followed (the schedule's wait applies). */
    private static Duration retryAfter(String header) {
        if (header == null || !header.trim().matches("[0-9]{1,9}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(header.trim()));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
