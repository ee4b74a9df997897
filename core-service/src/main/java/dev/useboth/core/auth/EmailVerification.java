package dev.useboth.core.auth;

import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.auth.OneTimeTokens.Purpose;
import dev.useboth.core.common.AppProperties;
import dev.useboth.core.common.AuthProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Proves that a user owns their email: a single-use link, valid 24 hours. */
@Component
class EmailVerification {

    static final String PAGE = "/verify-email";

    private final OneTimeTokens tokens;
    private final UserRepository users;
    private final ApplicationEventPublisher events;
    private final AppProperties app;
    private final AuthProperties properties;

    EmailVerification(
            OneTimeTokens tokens,
            UserRepository users,
            ApplicationEventPublisher events,
            AppProperties app,
            AuthProperties properties) {
        this.tokens = tokens;
        this.users = users;
        this.events = events;
        this.app = app;
        this.properties = properties;
    }

    /** Sends the link (after the caller's transaction commits). */
    @Transactional
    void send(User user) {
        String token = tokens.issue(user.getId(), Purpose.VERIFY_EMAIL, properties.verifyEmailTtl());
        String link = app.link(PAGE + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        events.publishEvent(new AuthMailer.Mail(
                user.getEmail(),
                "Confirm your email",
                "verify-email",
                Map.of("name", user.getDisplayName(), "link", link)));
    }

    /** Marks the email verified; false if the token is unknown, used or expired. */
    @Transactional
    boolean verify(String token) {
        return tokens.consume(token, Purpose.VERIFY_EMAIL)
                .flatMap(users::findById)
                .map(user -> {
                    user.markEmailVerified();
                    return true;
                })
                .orElse(false);
    }
}
