package dev.useboth.core.auth;

import com.nimbusds.jose.jwk.ECKey;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Real users and real access tokens for integration tests of any feature. Every test context that
 * imports {@code CoreTestDatabase} has it as a bean:
 *
 * <pre>{@code
 * @Autowired TestUsers users;
 *
 * TestUser alice = users.create(Role.USER);           // a fresh user in the database
 * request.header("Authorization", "Bearer " + alice.accessToken());
 * BrowserSession admin = users.signIn(port, users.create(Role.ADMIN)); // a signed-in browser
 * admin.get("/admin");  admin.postForm("/admin/x", Map.of("name", "y")); // CSRF included
 * }</pre>
 */
@TestComponent
public class TestUsers {

    /** The password of every created user unless given: passes the password policy. */
    public static final String PASSWORD = "Tr0ub4dor&3-horse-battery";

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final AccessTokens accessTokens;
    private final JwtKeys keys;

    TestUsers(UserRepository users, PasswordEncoder passwordEncoder, AccessTokens accessTokens, JwtKeys keys) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.accessTokens = accessTokens;
        this.keys = keys;
    }

    /** A user, email verified, with these roles (USER is always added) and a unique email. */
    public TestUser create(Role... roles) {
        return create("user-" + UUID.randomUUID() + "@example.test", PASSWORD, roles);
    }

    public TestUser create(String email, String password, Role... roles) {
        Set<Role> granted = EnumSet.of(Role.USER, roles);
        User user = new User(email, "Test " + granted, passwordEncoder.encode(password), granted);
        user.markEmailVerified();
        user = users.saveAndFlush(user);
        return new TestUser(
                user.getId(), user.getEmail(), password, user.getRoles(), accessToken(user.getId(), granted));
    }

    /** Marks the user inactive (as an admin would). */
    public void deactivate(UUID userId) {
        User user = users.findById(userId).orElseThrow();
        user.setActive(false);
        users.saveAndFlush(user);
    }

    /** A valid access token for any user id, roles and scopes (the user need not exist). */
    public String accessToken(UUID userId, Set<Role> roles, String... scopes) {
        return accessTokens.issue(userId, roles, List.of(scopes)).token();
    }

    /** The core's current signing key pair, for tests that mint tokens the core would never issue. */
    public ECKey signingKey() {
        return keys.signingKey();
    }

    /** Signs {@code user} in through the real login form of the core listening on {@code port}. */
    public BrowserSession signIn(int port, TestUser user) {
        return BrowserSession.signIn("http://localhost:" + port, user.email(), user.password());
    }

    /** A user created by {@link #create}: its password in clear and a fresh access token. */
    public record TestUser(UUID id, String email, String password, Set<Role> roles, String accessToken) {

        public String bearer() {
            return "Bearer " + accessToken;
        }
    }
}
