package dev.riff.billing.rest;

import dev.riff.billing.service.PremiumRefusal;
import dev.riff.support.rest.Problem;
import dev.riff.support.rest.ProblemExceptionMappers;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused premium request as problem+json; the type ends with the refusal's code. */
public class PremiumRefusalMapper {

    @ServerExceptionMapper
    public Response refused(PremiumRefusal e) {
        return ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/premium/" + e.code(),
                Response.Status.fromStatusCode(e.status()).getReasonPhrase(), e.status(), e.getMessage(), List.of()));
    }
}
