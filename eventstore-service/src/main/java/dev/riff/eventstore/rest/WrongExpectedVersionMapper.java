package dev.riff.eventstore.rest;

import dev.riff.eventstore.service.WrongExpectedVersionException;
import dev.riff.support.rest.Problem;
import dev.riff.support.rest.ProblemExceptionMappers;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An append that lost the race or expected another version: 409 Conflict, as problem+json. */
public class WrongExpectedVersionMapper {

    @ServerExceptionMapper
    public Response conflict(WrongExpectedVersionException e) {
        return ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/wrong-expected-version",
                "Conflict", 409, e.getMessage(), List.of()));
    }
}
