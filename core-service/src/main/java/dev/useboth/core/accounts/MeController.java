package dev.useboth.core.accounts;

import dev.useboth.core.common.ApiProblemException;
import jakarta.validation.Valid;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's own account. Changing the password lives with sign-in (auth). */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

    private final UserRepository users;

    MeController(UserRepository users) {
        this.users = users;
    }

    @GetMapping
    @Transactional(readOnly = true)
    UserResponse me(CurrentUser me) {
        return UserResponse.of(load(me));
    }

    @PatchMapping
    @Transactional
    UserResponse update(CurrentUser me, @Valid @RequestBody UserUpdateRequest request) {
        User user = load(me);
        user.rename(request.displayName());
        users.flush();
        return UserResponse.of(user);
    }

    private User load(CurrentUser me) {
        // A valid token for a user deleted since it was issued.
        return users.findById(me.id())
                .filter(User::isActive)
                .orElseThrow(() -> ApiProblemException.notFound("The account no longer exists."));
    }
}
