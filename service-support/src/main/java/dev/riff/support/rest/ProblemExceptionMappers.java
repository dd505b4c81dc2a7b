package dev.riff.support.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error a service answers over HTTP is RFC 9457 problem+json. */
public class ProblemExceptionMappers {

    private static final String BAD_INPUT = "https://riff.dev/problems/invalid-input";

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return badInput(e.errors());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return badInput(errors);
    }

    /** More specific than Quarkus' own mapper for this type, so bad JSON values are problem+json too. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "body";
        return badInput(List.of(new Problem.FieldError(field, e.getOriginalMessage())));
    }

    @ServerExceptionMapper
    public Response eventTooLarge(dev.riff.support.messaging.EventTooLargeException e) {
        return problem(new Problem("https://riff.dev/problems/event-too-large", "Content Too Large", 413, e.getMessage(),
                List.of(new Problem.FieldError("body", "at most " + e.limit() + " bytes of event"))));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage(), List.of()));
    }

    public static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Response badInput(List<Problem.FieldError> errors) {
        return problem(new Problem(BAD_INPUT, "Invalid input", 400,
                errors.size() == 1 ? errors.getFirst().reason() : errors.size() + " fields are invalid", errors));
    }

    /** The property path without the method and parameter names Bean Validation puts in front. */
    private static String fieldName(ConstraintViolation<?> violation) {
        String last = null;
        StringBuilder path = new StringBuilder();
        int depth = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            depth++;
            last = node.getName();
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                // An element of a list, like inherit[0], rather than "inherit.<list element>".
                path.append(node.getIndex() != null ? "[" + node.getIndex() + "]" : "");
            } else if (depth > 2 && last != null) {
                path.append(path.isEmpty() ? "" : ".").append(last);
            }
        }
        return !path.isEmpty() ? path.toString() : last;
    }
}
