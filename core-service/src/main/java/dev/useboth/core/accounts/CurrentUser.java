package dev.useboth.core.accounts;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: declare a {@code CurrentUser} parameter on any controller method under a
 * secured route and it is filled from the access token ({@code sub}, {@code roles},
 * {@code scope}) or from the signed-in browser session. The method is only reached when
 * someone is signed in (the security rules see to it); an anonymous call fails with 401.
 */
public record CurrentUser(UUID id, Set<Role> roles, Set<String> scopes) {

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
