package dev.riff.support.auth;

import dev.riff.support.rest.Problem;
import dev.riff.support.rest.ProblemExceptionMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * The one credential check of every service's internal API: each {@code /api/**} call carries
 * {@code Authorization: Bearer <token>} of a known caller (else 401), and that caller must hold the
 * scope the route declares with {@link RequiresScope} (else 403; a route declaring none is refused).
 * Health, metrics and the OpenAPI document are not under /api. Local default tokens (riff-local-…)
 * are refused unless the service listens on loopback only.
 */
public class CallerAuthorization {

    private final Callers callers;

    CallerAuthorization(Callers callers) {
        this.callers = callers;
    }

    @ServerRequestFilter
    public Response authorize(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        Callers.Caller caller = callers.byAuthorization(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (caller == null) {
            return Response.fromResponse(ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/unauthorized",
                            "Unauthorized", 401, "this API needs a caller's credential: Authorization: Bearer <token>", List.of())))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        String scope = requiredScope(resource);
        if (scope == null || !caller.holds(scope)) {
            return ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/forbidden", "Forbidden", 403,
                    scope == null ? "this route declares no scope, so no caller may use it"
                            : "caller '" + caller.name() + "' does not hold the scope " + scope + " this route needs", List.of()));
        }
        return null;
    }

    private static String requiredScope(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        for (var method : resource.getResourceClass().getDeclaredMethods()) {
            if (method.getName().equals(resource.getMethodName())
                    && java.util.Arrays.equals(method.getParameterTypes(), resource.parameterTypes())
                    && method.getAnnotation(RequiresScope.class) != null) {
                return method.getAnnotation(RequiresScope.class).value();
            }
        }
        RequiresScope onClass = resource.getResourceClass().getAnnotation(RequiresScope.class);
        return onClass == null ? null : onClass.value();
    }
}
