package dev.riff.support.rest;

import java.util.List;

/** Input a use case refuses; answered as 400 problem+json naming each field and the reason. */
public class InvalidInputException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public InvalidInputException(List<Problem.FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.reason()).reduce((a, b) -> a + "; " + b).orElse("invalid input"));
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String reason) {
        this(List.of(new Problem.FieldError(field, reason)));
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
