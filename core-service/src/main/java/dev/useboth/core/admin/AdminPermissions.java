package dev.useboth.core.admin;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who may do what, checked on the server for every page and action: admins may do everything
 * a model supports; staff may view every model and do what its declaration grants them
 * ({@code staffCan}); nobody else gets in.
 */
final class AdminPermissions {

    static final String ADMIN = "ROLE_ADMIN";
    static final String STAFF = "ROLE_STAFF";

    private AdminPermissions() {}

    static boolean isAdmin(Authentication auth) {
        return has(auth, ADMIN);
    }

    static boolean mayEnter(Authentication auth) {
        return has(auth, ADMIN) || has(auth, STAFF);
    }

    static boolean may(Authentication auth, AdminModel model, AdminPermission permission) {
        AdminResource<?> resource = model.resource;
        if (!resource.supports(permission)) {
            return false;
        }
        if (has(auth, ADMIN)) {
            return true;
        }
        return has(auth, STAFF) && resource.staffMay(permission);
    }

    static void require(Authentication auth, AdminModel model, AdminPermission permission) {
        if (!may(auth, model, permission)) {
            throw new AdminException.Forbidden(
                    "You may not " + permission.label() + " " + model.resource.plural() + ".");
        }
    }

    private static boolean has(Authentication auth, String authority) {
        if (auth == null || !auth.isAuthenticated()) {
            return false;
        }
        for (GrantedAuthority granted : auth.getAuthorities()) {
            if (authority.equals(granted.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
