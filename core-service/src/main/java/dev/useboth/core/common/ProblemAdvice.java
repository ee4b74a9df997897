package dev.useboth.core.common;

import jakarta.persistence.PersistenceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}. Spring's own exceptions
 * (unsupported media type, method not allowed, no such route...) come through the base class;
 * validation failures list each field as {@code errors: [{field, message}]}, whether they come
 * from bean validation or from {@link ApiProblemException#invalid}. Nothing of an unexpected
 * exception reaches the client: it is logged and answered with a bare 500. A database that is down
 * or too slow is not a bug: 503 with {@code Retry-After}.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblemException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return ResponseEntity.status(e.status()).headers(e.headers()).body(problem);
    }

    /** Let Spring Security's filters answer these (401/403 with WWW-Authenticate). */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void security(RuntimeException e) {
        throw e;
    }

    /**
     * The database is down or too slow: 503 with {@code Retry-After}, so that clients and load
     * balancers back off rather than retry at once. It comes fast: the pool's connection timeout and
     * the driver's statement and socket timeouts bound the wait (application.yml). The driver's
     * message stays in the log (it names hosts, roles and SQL), without a stack trace per request.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class, PersistenceException.class})
    ResponseEntity<ProblemDetail> dataAccess(Exception e) {
        return DatabaseFailures.unavailable(e) ? databaseUnavailable(e) : unexpected(e);
    }

    /** A query or form parameter that is not valid percent-encoded UTF-8 (Tomcat refuses to decode it). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(InvalidParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "A query or form parameter is not valid percent-encoded UTF-8.");
        problem.setTitle("Malformed request parameters");
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * Spring Security's firewall checks parameters when they are first read, which may be in a
     * controller: a NUL or control character in a parameter's name or value.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().body(ProblemResponses.of(400));
    }

    /** Another request changed the same row first (its version moved on): the caller may retry. */
    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, "Another request changed this resource at the same time; retry.");
        problem.setTitle("Conflict");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseFailures.unavailable(e)) {
            return databaseUnavailable(e);
        }
        log.error("Unexpected error answering a request", e);
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
        problem.setTitle("Internal Server Error");
        return ResponseEntity.internalServerError().body(problem);
    }

    private static ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("Database unavailable answering a request: {}", DatabaseFailures.describe(e));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The service cannot reach its data right now; retry shortly.");
        problem.setTitle("Service Unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(fieldProblems(ex.getBindingResult()));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults()
                .forEach(result -> result.getResolvableErrors()
                        .forEach(error -> errors.add(new FieldProblem(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedBy(ex, RequestBodyLimit.TooLarge.class)) {
            // A body sent without a length that grew past the limit while it was read.
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ProblemResponses.of(413));
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setTitle("Malformed request body");
        // A wrong type names its field; other parse errors say only that the JSON is malformed
        // (the parser's message would echo input and internals).
        if (ex.getCause() instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            if (mismatch instanceof InvalidFormatException format && format.getTargetType() == String.class) {
                problem.setDetail("The request body has text that cannot be stored.");
                problem.setProperty("errors", List.of(new FieldProblem(field, JsonConfig.StorableText.NOT_ALLOWED)));
            } else {
                problem.setDetail("The request body has a value of the wrong type.");
                problem.setProperty("errors", List.of(new FieldProblem(field, "has the wrong type")));
            }
        } else {
            problem.setDetail("The request body is not valid JSON for this operation.");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<Object> invalid(List<FieldProblem> errors) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private static List<FieldProblem> fieldProblems(BindingResult result) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : result.getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        result.getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        errors.sort(java.util.Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
        return errors;
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
