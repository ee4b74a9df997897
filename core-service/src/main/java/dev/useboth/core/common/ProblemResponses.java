package dev.useboth.core.common;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem documents of errors met before any controller: by Tomcat, Spring Security's
 * firewall, the body limit, or a {@code sendError} that reaches {@code /error}. The detail is a
 * fixed sentence per status: nothing of the request (which may be hostile) is echoed.
 */
final class ProblemResponses {

    static final String CONTENT_TYPE = "application/problem+json";

    private ProblemResponses() {}

    static ProblemDetail of(int status) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(title(status));
        problem.setDetail(detail(status));
        return problem;
    }

    /** The same document as JSON text, for writers without an object mapper (Tomcat's valve). */
    static String json(int status) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":" + status + ",\"detail\":\""
                + detail(status) + "\"}";
    }

    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed or was refused.";
            case 401 -> "Authentication is required.";
            case 403 -> "The request is not allowed.";
            case 404 -> "There is nothing at this address.";
            case 405 -> "This method is not allowed here.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URI is too long.";
            case 415 -> "This media type is not supported here.";
            case 431 -> "The request headers are too large.";
            case 501 -> "This method is not implemented.";
            default -> status >= 500 ? "The request could not be completed." : "The request was refused.";
        };
    }
}
