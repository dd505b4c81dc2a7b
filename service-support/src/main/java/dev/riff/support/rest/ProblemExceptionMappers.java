package dev.riff.support.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.riff.support.reactive.TransientFailures;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error a service answers over HTTP is RFC 9457 problem+json. */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);
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
                        .collect(Collectors.joining(".")).replace(".[", "[")
                : "body";
        return badInput(List.of(new Problem.FieldError(field, reason(e))));
    }

    /** What is wrong, in the JSON's own terms: never a Java class name or a parser's internals. */
    static String reason(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid && invalid.getOriginalMessage() != null
                && invalid.getOriginalMessage().startsWith("must ")) {
            return invalid.getOriginalMessage(); // our own rule's words (StrictInput)
        }
        if (e instanceof MismatchedInputException mismatched) {
            if (mismatched.getOriginalMessage() != null && mismatched.getOriginalMessage().startsWith("Trailing token")) {
                return "has content after the JSON value";
            }
            return mismatched.getTargetType() == null ? "has the wrong type" : "must be " + jsonType(mismatched.getTargetType());
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            return "has a field twice";
        }
        var location = e.getLocation();
        return "is not valid JSON" + (location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
    }

    private static String jsonType(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class || type.isEnum() || java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response eventTooLarge(dev.riff.support.messaging.EventTooLargeException e) {
        return problem(new Problem("https://riff.dev/problems/event-too-large", "Content Too Large", 413, e.getMessage(),
                List.of(new Problem.FieldError("body", "at most " + e.limit() + " bytes of event"))));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json); // how Quarkus REST reports a body it could not read
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage(), List.of()));
    }

    /**
     * PostgreSQL, Redis or another dependency dropped or refused the connection (a restart, a failover):
     * 503 with Retry-After, so a caller retries instead of taking it for a bug. Other failures of these
     * kinds stay 500, as problem+json without their details.
     */
    @ServerExceptionMapper({ io.vertx.sqlclient.ClosedConnectionException.class, io.vertx.sqlclient.DatabaseException.class,
            jakarta.persistence.PersistenceException.class, java.net.SocketException.class, java.nio.channels.ClosedChannelException.class,
            io.smallrye.mutiny.CompositeException.class })
    public Response dependencyFailure(Throwable e) {
        if (TransientFailures.isTransient(e)) {
            LOG.warnf("A request failed on a dependency that is down: %s", e);
            return Response.fromResponse(problem(new Problem("https://riff.dev/problems/unavailable", "Service Unavailable", 503,
                    "a dependency is unavailable, try again", List.of()))).header("Retry-After", "1").build();
        }
        LOG.errorf(e, "A request failed");
        return problem(new Problem("about:blank", "Internal Server Error", 500, "internal error", List.of()));
    }

    public static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** 400 problem+json naming one field and what is wrong with it. */
    public static Response invalidInput(String field, String reason) {
        return badInput(List.of(new Problem.FieldError(field, reason)));
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
                if (node.isInIterable() && node.getIndex() != null) {
                    path.append("[").append(node.getIndex()).append("]"); // the element of the list before it, like events[0].type
                }
                path.append(path.isEmpty() ? "" : ".").append(last);
            }
        }
        return !path.isEmpty() ? path.toString() : last;
    }
}
