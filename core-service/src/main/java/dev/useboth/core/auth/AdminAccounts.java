package dev.useboth.core.auth;

import dev.useboth.core.accounts.Emails;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.common.FieldProblem;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;

/** Creates administrators (like Django's createsuperuser): USER, STAFF and ADMIN, email verified. */
class AdminAccounts {

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final PasswordPolicy policy;

    AdminAccounts(UserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy policy) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.policy = policy;
    }

    sealed interface Result {
        record Created(User user) implements Result {}

        record AlreadyExists(User user) implements Result {}

        record Invalid(List<String> problems) implements Result {}
    }

    boolean anyAdmin() {
        return users.existsActiveWithRole(Role.ADMIN);
    }

    /** Creates the administrator, or reports why not; an existing account with the email is left alone. */
    @Transactional
    Result create(String email, String password, String displayName) {
        String normalized = Emails.normalize(email);
        if (normalized == null || !normalized.matches(AuthRequests.EMAIL) || normalized.length() > 254) {
            return new Result.Invalid(List.of("email: is not a valid email address"));
        }
        Optional<User> existing = users.findByEmail(normalized);
        if (existing.isPresent()) {
            return new Result.AlreadyExists(existing.get());
        }
        List<String> problems = policy.check("password", password, normalized, displayName).stream()
                .map(FieldProblem::message)
                .map(message -> "password: " + message)
                .toList();
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems);
        }
        User admin = new User(
                normalized,
                displayName,
                passwordEncoder.encode(password),
                EnumSet.of(Role.USER, Role.STAFF, Role.ADMIN));
        admin.markEmailVerified();
        return new Result.Created(users.saveAndFlush(admin));
    }
}
