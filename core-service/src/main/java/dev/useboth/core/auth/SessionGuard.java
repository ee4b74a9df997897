package dev.useboth.core.auth;

import dev.useboth.core.accounts.AccountPrincipal;
import dev.useboth.core.accounts.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a browser session as soon as the account behind it changed: password changed or reset,
 * account deactivated or deleted, roles changed. One primary-key read per signed-in request,
 * against the database rather than in-memory session bookkeeping, so that it holds with any number
 * of core replicas.
 */
final class SessionGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionGuard.class);

    private final JdbcClient jdbc;

    SessionGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Account(String passwordHash, boolean active, String roles) {}

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AccountPrincipal principal) {
            if (!stillValid(principal)) {
                log.info("Ending the browser session of user {}: the account changed", principal.id());
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            }
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(AccountPrincipal principal) {
        Optional<Account> account = load(principal.id());
        return account.isPresent()
                && account.get().active()
                && AccountPrincipal.stampOf(account.get().passwordHash()).equals(principal.credentialsStamp())
                && roles(account.get().roles()).equals(principal.roles());
    }

    private Optional<Account> load(UUID id) {
        return jdbc.sql("""
                        select u.password_hash, u.active, coalesce(string_agg(r.role, ','), '') as roles
                        from users u left join user_roles r on r.user_id = u.id
                        where u.id = :id group by u.id
                        """).param("id", id).query(Account.class).optional();
    }

    private static Set<Role> roles(String names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(names.split(","))
                .filter(n -> !n.isEmpty())
                .map(Role::valueOf)
                .forEach(roles::add);
        return roles;
    }
}
