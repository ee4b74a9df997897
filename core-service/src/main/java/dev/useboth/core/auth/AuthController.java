package dev.useboth.core.auth;

import dev.useboth.core.accounts.AccountPrincipal;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.accounts.UserResponse;
import dev.useboth.core.auth.AuthRequests.PasswordResetConfirmRequest;
import dev.useboth.core.auth.AuthRequests.PasswordResetRequest;
import dev.useboth.core.auth.AuthRequests.RefreshRequest;
import dev.useboth.core.auth.AuthRequests.RegisterRequest;
import dev.useboth.core.auth.AuthRequests.TokenRequest;
import dev.useboth.core.auth.AuthRequests.VerifyEmailRequest;
import dev.useboth.core.common.ApiProblemException;
import dev.useboth.core.common.AuthProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration and the token endpoints of the API. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final Registration registration;
    private final EmailVerification verification;
    private final PasswordReset passwordReset;
    private final AuthenticationManager authenticationManager;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final UserRepository users;
    private final Clock clock;
    private final Duration refreshTtl;

    AuthController(
            Registration registration,
            EmailVerification verification,
            PasswordReset passwordReset,
            AuthenticationManager authenticationManager,
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            UserRepository users,
            Clock clock,
            AuthProperties properties) {
        this.registration = registration;
        this.verification = verification;
        this.passwordReset = passwordReset;
        this.authenticationManager = authenticationManager;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.clock = clock;
        this.refreshTtl = properties.refreshTokenTtl();
    }

    @PostMapping("/register")
    ResponseEntity<UserResponse> register(@Valid @RequestBody RegisterRequest request) {
        User user =
                registration.register(request.email(), request.password(), request.displayName(), Set.of(Role.USER));
        return ResponseEntity.created(URI.create("/api/v1/me")).body(UserResponse.of(user));
    }

    @PostMapping("/token")
    ResponseEntity<TokenResponse> token(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
        Authentication authentication;
        try {
            UsernamePasswordAuthenticationToken attempt =
                    UsernamePasswordAuthenticationToken.unauthenticated(request.email(), request.password());
            attempt.setDetails(new WebAuthenticationDetails(http));
            authentication = authenticationManager.authenticate(attempt);
        } catch (SignInThrottledException e) {
            HttpHeaders headers = new HttpHeaders();
            headers.add(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            throw new ApiProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Too Many Requests",
                    "Too many failed sign-ins. Try again later.",
                    List.of(),
                    headers);
        } catch (AuthenticationException e) {
            // Unknown email, wrong password or inactive account: one answer for all three.
            throw invalidCredentials("Invalid email or password.");
        }
        UUID userId = ((AccountPrincipal) authentication.getPrincipal()).id();
        User user = recordLogin(userId);
        return tokens(user, refreshTokens.issue(user.getId()), http);
    }

    @PostMapping("/refresh")
    ResponseEntity<TokenResponse> refresh(
            @Valid @RequestBody(required = false) RefreshRequest request, HttpServletRequest http) {
        String presented = presented(request, http);
        RefreshTokens.Rotation rotation = refreshTokens
                .rotate(presented)
                .orElseThrow(() -> invalidCredentials("The refresh token is invalid, expired or revoked."));
        User user = users.findById(rotation.userId()).filter(User::isActive).orElse(null);
        if (user == null) {
            refreshTokens.revokeAll(rotation.userId());
            throw invalidCredentials("The refresh token is invalid, expired or revoked.");
        }
        return tokens(user, rotation.token(), http);
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(@Valid @RequestBody(required = false) RefreshRequest request, HttpServletRequest http) {
        refreshTokens.revoke(presented(request, http));
        ResponseEntity.HeadersBuilder<?> response = ResponseEntity.noContent();
        if (RefreshCookies.read(http) != null) {
            response.header(HttpHeaders.SET_COOKIE, RefreshCookies.cleared().toString());
        }
        return response.build();
    }

    @PostMapping("/verify-email")
    ResponseEntity<Void> verifyEmail(@Valid @RequestBody VerifyEmailRequest request) {
        if (!verification.verify(request.token())) {
            throw ApiProblemException.invalid("token", "is invalid, used or expired");
        }
        return ResponseEntity.noContent().build();
    }

    /** 202 whether or not the address has an account: the answer must not tell. */
    @PostMapping("/password-reset")
    ResponseEntity<Void> passwordReset(@Valid @RequestBody PasswordResetRequest request) {
        passwordReset.request(request.email());
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/password-reset/confirm")
    ResponseEntity<Void> passwordResetConfirm(@Valid @RequestBody PasswordResetConfirmRequest request) {
        return switch (passwordReset.confirm(request.token(), request.password(), "password")) {
            case PasswordReset.Outcome.Done done -> ResponseEntity.noContent().build();
            case PasswordReset.Outcome.InvalidToken invalid ->
                throw ApiProblemException.invalid("token", "is invalid, used or expired");
            case PasswordReset.Outcome.WeakPassword weak -> throw ApiProblemException.invalid(weak.problems());
        };
    }

    private User recordLogin(UUID userId) {
        User user = users.findById(userId).orElseThrow();
        user.recordLogin(clock.instant());
        return users.saveAndFlush(user);
    }

    private ResponseEntity<TokenResponse> tokens(User user, String refreshToken, HttpServletRequest http) {
        AccessTokens.Issued access = accessTokens.issue(user);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (RefreshCookies.wanted(http)) {
            response.header(
                    HttpHeaders.SET_COOKIE,
                    RefreshCookies.of(refreshToken, refreshTtl).toString());
            refreshToken = null;
        }
        return response.body(
                new TokenResponse(access.token(), "Bearer", access.expiresIn().toSeconds(), refreshToken));
    }

    private static String presented(RefreshRequest request, HttpServletRequest http) {
        String token = request == null ? null : request.refreshToken();
        if ((token == null || token.isBlank()) && RefreshCookies.wanted(http)) {
            token = RefreshCookies.read(http);
        }
        if (token == null || token.isBlank()) {
            throw ApiProblemException.invalid("refresh_token", "must not be blank");
        }
        return token;
    }

    private static ApiProblemException invalidCredentials(String detail) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"use-both\"");
        return new ApiProblemException(HttpStatus.UNAUTHORIZED, "Unauthorized", detail, List.of(), headers);
    }
}
