package dev.useboth.core.common;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An expected, client-facing failure of an API call. {@link ProblemAdvice} turns it into an RFC 9457
 * {@code application/problem+json} answer with the given status, title, detail, field errors and
 * headers; nothing else of the exception (cause, stack) reaches the client.
 */
public class ApiProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldProblem> errors;
    private final HttpHeaders headers;

    public ApiProblemException(HttpStatus status, String title, String detail) {
        this(status, title, detail, List.of(), HttpHeaders.EMPTY);
    }

    public ApiProblemException(
            HttpStatus status, String title, String detail, List<FieldProblem> errors, HttpHeaders headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = headers;
    }

    /** 400 with one or more field errors, the same shape as bean-validation failures. */
    public static ApiProblemException invalid(List<FieldProblem> errors) {
        return new ApiProblemException(
                HttpStatus.BAD_REQUEST,
                "Invalid request",
                "The request has invalid fields.",
                errors,
                HttpHeaders.EMPTY);
    }

    public static ApiProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    public static ApiProblemException notFound(String detail) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, "Not Found", detail);
    }

    public static ApiProblemException conflict(String detail) {
        return new ApiProblemException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
