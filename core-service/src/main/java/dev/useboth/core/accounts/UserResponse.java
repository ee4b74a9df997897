package dev.useboth.core.accounts;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A user as the API shows it: never the password hash. */
public record UserResponse(
        UUID id,
        String email,
        String displayName,
        Set<Role> roles,
        boolean emailVerified,
        Instant createdAt,
        Instant lastLoginAt) {

    public static UserResponse of(User user) {
        return new UserResponse(
                user.getId(),
                user.getEmail(),
                user.getDisplayName(),
                user.getRoles(),
                user.isEmailVerified(),
                user.getCreatedAt(),
                user.getLastLoginAt());
    }
}
