package dev.useboth.core.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.http.ResponseCookie;

/**
 * The refresh token as a cookie, for browser clients that should not keep it where scripts can
 * read it. A client opts in by sending {@code X-Refresh-Token: cookie} to the token and refresh
 * endpoints: the refresh token then comes back as an HttpOnly, Secure, SameSite=Strict cookie
 * limited to {@code /api/v1/auth}, not in the body; refresh and logout read it from there when the
 * body has none. Because a cross-site page cannot send that custom header without a CORS preflight,
 * the cookie alone never refreshes anything (no CSRF through it).
 */
final class RefreshCookies {

    static final String MODE_HEADER = "X-Refresh-Token";
    static final String MODE_COOKIE = "cookie";
    static final String NAME = "refresh_token";
    static final String PATH = "/api/v1/auth";

    private RefreshCookies() {}

    static boolean wanted(HttpServletRequest request) {
        return MODE_COOKIE.equalsIgnoreCase(request.getHeader(MODE_HEADER));
    }

    static String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    static ResponseCookie of(String token, Duration maxAge) {
        return ResponseCookie.from(NAME, token)
                .httpOnly(true)
                .secure(true)
                .sameSite("Strict")
                .path(PATH)
                .maxAge(maxAge)
                .build();
    }

    static ResponseCookie cleared() {
        return of("", Duration.ZERO);
    }
}
