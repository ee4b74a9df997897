package dev.useboth.core.auth;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in (the login form and the token endpoint) behind {@link SignInThrottle}: refused
 * while the account or the client address is throttled, and every failure counted. The client
 * address is the request's remote address, which Tomcat takes from X-Forwarded-For only when the
 * request comes through a trusted proxy ({@code server.forward-headers-strategy: native}).
 */
final class ThrottledAuthenticationManager implements AuthenticationManager {

    private final AuthenticationManager delegate;
    private final SignInThrottle throttle;

    ThrottledAuthenticationManager(AuthenticationManager delegate, SignInThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : null;
        var wait = throttle.blocked(email, address);
        if (wait.isPresent()) {
            throw new SignInThrottledException(wait.get());
        }
        try {
            return delegate.authenticate(authentication);
        } catch (AuthenticationException e) {
            throttle.failed(email, address);
            throw e;
        }
    }
}
