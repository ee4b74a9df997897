package dev.useboth.core.auth;

import dev.useboth.core.accounts.Emails;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.admin.AdminPermission;
import dev.useboth.core.admin.AdminResource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Users in the admin, declared here rather than in accounts because its actions are auth's: a
 * password reset mails the user a link (nobody else ever sees or sets a password), and
 * deactivating an account or changing its roles ends its sessions ({@link SessionGuard}).
 * People sign up themselves, so there is no add page; accounts are deactivated rather than
 * deleted, which would erase their invoices. The password hash is never shown: the admin refuses
 * any {@code password*} field.
 */
@Configuration(proxyBeanMethods = false)
class UserAdmin {

    @Bean
    AdminResource<User> userResource(PasswordReset passwordReset) {
        return AdminResource.of(User.class)
                .list("email", "displayName", "roles", "active", "emailVerified", "createdAt", "lastLoginAt")
                .search("email", "displayName")
                .filters("roles", "active", "emailVerified", "createdAt")
                .ordering("-createdAt")
                .form("displayName", "roles", "active", "emailVerified")
                .readOnly("id", "createdAt", "updatedAt", "lastLoginAt")
                .field("displayName", f -> f.label("Name"))
                .disable(AdminPermission.ADD, AdminPermission.DELETE)
                .check(UserAdmin::notLockingThemselvesOut)
                .action("deactivate", "Deactivate", AdminPermission.CHANGE, (user, actor) -> {
                    user.setActive(false);
                    notLockingThemselvesOut(user, actor);
                })
                .action("send-password-reset", "Send password reset", AdminPermission.CHANGE, user -> {
                    if (!user.isActive()) {
                        throw new IllegalStateException("The account is deactivated.");
                    }
                    passwordReset.request(user.getEmail());
                })
                .display(User::getEmail)
                .build();
    }

    /** An admin cannot deactivate their own account or take away their own ADMIN role. */
    static void notLockingThemselvesOut(User user, String actor) {
        if (user.getEmail().equals(Emails.normalize(actor)) && (!user.isActive() || !user.hasRole(Role.ADMIN))) {
            throw new IllegalStateException("You cannot deactivate yourself or remove your own ADMIN role.");
        }
    }
}
