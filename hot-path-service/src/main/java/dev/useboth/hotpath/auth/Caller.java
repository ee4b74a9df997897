package dev.useboth.hotpath.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Who sent a request, as its verified access token says. */
public record Caller(UUID userId, Set<String> roles, Set<String> scopes, Instant expiresAt) {

    public Caller {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
