package dev.useboth.core.common;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code /error}, where the servlet container sends every {@code sendError} and uncaught
 * exception that no controller advice answered: Spring Security's refusals (a rejected URL, a
 * missing CSRF token), methods no route knows, errors in filters. Replaces Boot's error
 * controller, whose JSON was not problem+json: the API and every non-browser client get
 * problem+json; a browser (one that asks for text/html) on a page gets a plain error page. The
 * answer never carries the exception, its message or the request's path.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping
    Object error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Called directly, /error is just an address with nothing at it.
        int status = code instanceof Integer value ? value : HttpStatus.NOT_FOUND.value();
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable e) {
            log.error("Unexpected error answering {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), e);
        }
        if (wantsPage(request)) {
            return new ModelAndView(
                    "error",
                    Map.of(
                            "status",
                            status,
                            "title",
                            ProblemResponses.title(status),
                            "text",
                            ProblemResponses.detail(status)),
                    HttpStatusCode.valueOf(status));
        }
        ProblemDetail problem = ProblemResponses.of(status);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** A browser asking for a page outside the API: an HTML page rather than JSON. */
    private static boolean wantsPage(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String s ? s : "";
        if (path.startsWith("/api/") || path.startsWith("/.well-known/")) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.getQualityValue() > 0 && MediaType.TEXT_HTML.equalsTypeAndSubtype(type));
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }
}
