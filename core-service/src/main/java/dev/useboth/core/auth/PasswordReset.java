package dev.useboth.core.auth;

import dev.useboth.core.accounts.Emails;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.auth.OneTimeTokens.Purpose;
import dev.useboth.core.common.AppProperties;
import dev.useboth.core.common.AuthProperties;
import dev.useboth.core.common.FieldProblem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Async;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Forgot my password": a single-use link valid 30 minutes; choosing the new password signs the
 * user out everywhere (refresh tokens revoked, browser sessions ended by {@link SessionGuard}).
 */
@Component
class PasswordReset {

    static final String PAGE = "/reset-password";

    private final OneTimeTokens tokens;
    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final PasswordPolicy policy;
    private final RefreshTokens refreshTokens;
    private final ApplicationEventPublisher events;
    private final AppProperties app;
    private final AuthProperties properties;

    PasswordReset(
            OneTimeTokens tokens,
            UserRepository users,
            PasswordEncoder passwordEncoder,
            PasswordPolicy policy,
            RefreshTokens refreshTokens,
            ApplicationEventPublisher events,
            AppProperties app,
            AuthProperties properties) {
        this.tokens = tokens;
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.policy = policy;
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.app = app;
        this.properties = properties;
    }

    /**
     * Emails a reset link if an active account has this address, and does nothing otherwise. Runs
     * off the request thread, so that the answer (always 202) takes the same time either way.
     */
    @Async
    @Transactional
    public void request(String email) {
        users.findByEmail(Emails.normalize(email)).filter(User::isActive).ifPresent(user -> {
            String token = tokens.issue(user.getId(), Purpose.PASSWORD_RESET, properties.passwordResetTtl());
            String link = app.link(PAGE + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            events.publishEvent(new AuthMailer.Mail(
                    user.getEmail(),
                    "Reset your password",
                    "password-reset",
                    Map.of("name", user.getDisplayName(), "link", link)));
        });
    }

    /** The outcome of {@link #confirm}: done, a bad token, or the new password's problems. */
    sealed interface Outcome {
        record Done() implements Outcome {}

        record InvalidToken() implements Outcome {}

        record WeakPassword(List<FieldProblem> problems) implements Outcome {}
    }

    /** Whether a token can still be used (to show the form or an error). */
    boolean isValid(String token) {
        return tokens.peek(token, Purpose.PASSWORD_RESET).isPresent();
    }

    /**
     * Sets the new password if the token is valid and the password passes the policy (the token
     * is only used up then, so that the user can retry a weak password).
     */
    @Transactional
    Outcome confirm(String token, String newPassword, String passwordField) {
        Optional<User> user = tokens.peek(token, Purpose.PASSWORD_RESET).flatMap(users::findById);
        if (user.isEmpty()) {
            return new Outcome.InvalidToken();
        }
        List<FieldProblem> problems = policy.check(
                passwordField, newPassword, user.get().getEmail(), user.get().getDisplayName());
        if (!problems.isEmpty()) {
            return new Outcome.WeakPassword(problems);
        }
        if (tokens.consume(token, Purpose.PASSWORD_RESET).isEmpty()) {
            return new Outcome.InvalidToken();
        }
        User account = user.get();
        account.changePasswordHash(passwordEncoder.encode(newPassword));
        // Following the link proves the email too.
        account.markEmailVerified();
        users.flush();
        refreshTokens.revokeAll(account.getId());
        return new Outcome.Done();
    }
}
