package dev.riff.support.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Oversized requests are answered with a problem, like every other refusal, before anything reads
 * them: a request target longer than {@code riff.http.max-uri-length} gets 414, and a declared body
 * larger than {@code quarkus.http.limits.max-body-size} gets 413 and a closed connection (the body is
 * never read). Quarkus and Vert.x would answer both with an empty body. Two cases stay theirs: a
 * request line longer than {@code quarkus.http.limits.max-initial-line-length} (set well above the URI
 * limit) is refused by the HTTP codec, and a chunked body that outgrows the limit is cut off with a
 * bare 413 while it is read.
 */
@ApplicationScoped
public class RequestLimits {

    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final int maxUriLength;

    RequestLimits(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            @ConfigProperty(name = "riff.http.max-uri-length") int maxUriLength) {
        this.json = json;
        this.maxBodyBytes = maxBody.asLongValue();
        this.maxUriLength = maxUriLength;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > maxUriLength) {
            refuse(context, new Problem("https://riff.dev/problems/uri-too-long", "URI Too Long", 414,
                    "The request target is longer than " + maxUriLength + " characters.",
                    List.of(new Problem.FieldError("uri", "at most " + maxUriLength + " characters"))));
            return;
        }
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declaredLength(declared) > maxBodyBytes) {
            refuse(context, new Problem("https://riff.dev/problems/body-too-large", "Content Too Large", 413,
                    "The body is larger than " + maxBodyBytes + " bytes.",
                    List.of(new Problem.FieldError("body", "at most " + maxBodyBytes + " bytes"))));
            return;
        }
        context.next();
    }

    /** Content-Length as a number; one too long for a long counts as too large (the codec refuses the malformed). */
    private static long declaredLength(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void refuse(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // The unread body would otherwise be taken as the next request on this connection.
        context.response().putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setStatusCode(problem.status())
                .end(body)
                .onComplete(done -> context.request().connection().close());
    }
}
