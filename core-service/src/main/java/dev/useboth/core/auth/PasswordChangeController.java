package dev.useboth.core.auth;

import dev.useboth.core.accounts.CurrentUser;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.auth.AuthRequests.PasswordChangeRequest;
import dev.useboth.core.common.ApiProblemException;
import dev.useboth.core.common.FieldProblem;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A signed-in user changes their own password. The current one must be given; afterwards every
 * refresh token and browser session of the user ends (the caller's access token runs out within
 * 15 minutes), so a stolen session does not survive the change.
 */
@RestController
class PasswordChangeController {

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final PasswordPolicy policy;
    private final RefreshTokens refreshTokens;

    PasswordChangeController(
            UserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy policy, RefreshTokens refreshTokens) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.policy = policy;
        this.refreshTokens = refreshTokens;
    }

    @PostMapping("/api/v1/me/password")
    @Transactional
    ResponseEntity<Void> change(CurrentUser me, @Valid @RequestBody PasswordChangeRequest request) {
        User user = users.findById(me.id())
                .filter(User::isActive)
                .orElseThrow(() -> ApiProblemException.notFound("The account no longer exists."));
        if (!passwordEncoder.matches(request.currentPassword(), user.getPasswordHash())) {
            throw ApiProblemException.invalid("currentPassword", "is not the current password");
        }
        List<FieldProblem> problems =
                policy.check("newPassword", request.newPassword(), user.getEmail(), user.getDisplayName());
        if (!problems.isEmpty()) {
            throw ApiProblemException.invalid(problems);
        }
        user.changePasswordHash(passwordEncoder.encode(request.newPassword()));
        users.flush();
        refreshTokens.revokeAll(user.getId());
        return ResponseEntity.noContent().build();
    }
}
