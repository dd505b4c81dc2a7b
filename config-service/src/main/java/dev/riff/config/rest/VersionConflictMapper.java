package dev.riff.config.rest;

import dev.riff.config.service.VersionConflictException;
import dev.riff.support.rest.Problem;
import dev.riff.support.rest.ProblemExceptionMappers;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A conditional change (If-Match) that lost the race: 412 Precondition Failed, as problem+json. */
public class VersionConflictMapper {

    @ServerExceptionMapper
    public Response conflict(VersionConflictException e) {
        return ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/version-conflict",
                "Precondition Failed", 412, e.getMessage(), List.of()));
    }
}
