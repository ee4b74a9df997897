package dev.useboth.core.auth;

import dev.useboth.core.accounts.Emails;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.common.ApiProblemException;
import dev.useboth.core.common.FieldProblem;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates accounts: a new user with the USER role, its password checked by the policy and hashed,
 * and a verification email sent once the account is committed.
 */
@Component
class Registration {

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final PasswordPolicy policy;
    private final EmailVerification verification;

    Registration(
            UserRepository users,
            PasswordEncoder passwordEncoder,
            PasswordPolicy policy,
            EmailVerification verification) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.policy = policy;
        this.verification = verification;
    }

    /**
     * @throws ApiProblemException 400 with the password's problems, 409 if the email is taken
     */
    @Transactional
    User register(String email, String password, String displayName, Set<Role> roles) {
        String normalized = Emails.normalize(email);
        List<FieldProblem> problems = policy.check("password", password, normalized, displayName);
        if (!problems.isEmpty()) {
            throw ApiProblemException.invalid(problems);
        }
        if (users.existsByEmail(normalized)) {
            throw taken();
        }
        User user;
        try {
            user = users.saveAndFlush(new User(normalized, displayName, passwordEncoder.encode(password), roles));
        } catch (DataIntegrityViolationException e) {
            // Lost a race with another registration of the same email (the unique index).
            throw taken();
        }
        verification.send(user);
        return user;
    }

    private static ApiProblemException taken() {
        return ApiProblemException.conflict("An account with this email already exists.");
    }
}
