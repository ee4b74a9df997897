package dev.useboth.core.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/** A failed form sign-in: back to the login page, or 429 with Retry-After when throttled. */
final class SignInFailureHandler implements AuthenticationFailureHandler {

    private static final String THROTTLED_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Too many attempts · use-both</title>
            <link rel="stylesheet" href="/css/auth.css"></head>
            <body><main class="card"><h1>Too many attempts</h1>
            <p class="error" role="alert">Too many failed sign-ins. Try again in %d minute(s).</p>
            <p><a href="/login">Back to sign-in</a></p></main></body></html>
            """;

    private final AuthenticationFailureHandler toLoginPage = new SimpleUrlAuthenticationFailureHandler("/login?error");

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException, ServletException {
        if (exception instanceof SignInThrottledException throttled) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
            response.setContentType("text/html;charset=UTF-8");
            long minutes = Math.max(1, (throttled.retryAfterSeconds() + 59) / 60);
            response.getOutputStream().write(THROTTLED_PAGE.formatted(minutes).getBytes(StandardCharsets.UTF_8));
            return;
        }
        toLoginPage.onAuthenticationFailure(request, response, exception);
    }
}
