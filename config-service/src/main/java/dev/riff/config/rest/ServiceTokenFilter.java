package dev.riff.config.rest;

import dev.riff.support.rest.Problem;
import dev.riff.support.rest.ProblemExceptionMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The service credential: every {@code /api/**} call carries {@code Authorization: Bearer <riff.service-token>},
 * else 401 problem+json. Health, metrics and the OpenAPI document stay open. Discord permissions are
 * the gateway's business; this only says the caller is one of the fleet's services.
 */
public class ServiceTokenFilter {

    static final String SCHEME = "serviceToken";

    private final byte[] expected;

    ServiceTokenFilter(@ConfigProperty(name = "riff.service-token") String token) {
        if (token.isBlank()) {
            throw new IllegalStateException("riff.service-token (RIFF_SERVICE_TOKEN) must not be blank");
        }
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter
    public Response requireToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        // Constant-time, so the token cannot be guessed byte by byte from response times.
        if (authorization != null && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Response.fromResponse(ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/unauthorized",
                        "Unauthorized", 401, "this API needs the service credential: Authorization: Bearer <token>", List.of())))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
