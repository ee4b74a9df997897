package dev.useboth.core.auth;

import dev.useboth.core.accounts.AccountPrincipal;
import dev.useboth.core.accounts.Emails;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users for Spring Security's password sign-in (the token endpoint and the login form). Also
 * re-hashes a password stored with an older scheme ({bcrypt}, weaker Argon2 settings) with the
 * current one right after a successful sign-in.
 */
@Component
class AccountUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

    private final UserRepository users;

    AccountUserDetailsService(UserRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String email) {
        return users.findByEmail(Emails.normalize(email))
                .map(AccountPrincipal::new)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    @Override
    @Transactional
    public UserDetails updatePassword(UserDetails details, String newPasswordHash) {
        User user = users.findByEmail(Emails.normalize(details.getUsername()))
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
        user.changePasswordHash(newPasswordHash);
        return new AccountPrincipal(users.saveAndFlush(user));
    }
}
