package dev.useboth.hotpath.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem document, as every error of the hot path is answered. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String CONTENT_TYPE = "application/problem+json";

    /** One bad request field: where it was ({@code query}, {@code path}, ...), and what is wrong. */
    public record FieldError(String in, String name, String message) {}

    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem("about:blank", title, status, detail, instance, List.of());
    }
}
