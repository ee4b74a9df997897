package dev.useboth.hotpath.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thrown by a handler to answer with a problem document; mapped in {@code HotPathApp}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        // No stack trace: these are answers, not bugs, and they are thrown on every bad request.
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException badRequest(List<Problem.FieldError> errors) {
        return new ProblemException(400, "Bad Request", "The request has invalid parameters.", errors);
    }

    /** A response header to send with the problem, e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Problem toProblem(String instance) {
        return new Problem("about:blank", title, status, getMessage(), instance, errors);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}
