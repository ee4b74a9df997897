package dev.useboth.hotpath.auth;

import dev.useboth.hotpath.web.Access;
import dev.useboth.hotpath.web.ProblemException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the {@code Authorization} header into a {@link Caller}, or a 401/403/503 problem. */
public final class Authenticator {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    private static final String CALLER = Authenticator.class.getName() + ".caller";
    static final String ENTITLEMENTS_READ = "entitlements:read";

    private final TokenVerifier verifier;
    private final boolean cacheVerified;

    public Authenticator(TokenVerifier verifier, boolean cacheVerified) {
        this.verifier = verifier;
        this.cacheVerified = cacheVerified;
    }

    /** Checks the route's access rule; afterwards {@link #caller(Context)} returns the caller. */
    public void require(Context ctx, Access access) {
        if (access == Access.PUBLIC) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ProblemException(401, "Unauthorized", "A bearer token is required.")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw invalid("the Authorization header is not a bearer token");
        }
        Caller caller;
        try {
            caller = verifier.verify(header.substring(7).trim(), cacheVerified);
        } catch (InvalidTokenException e) {
            log.debug("rejected token: {}", e.getMessage());
            throw invalid(e.getMessage());
        } catch (KeysUnavailableException e) {
            log.warn("cannot verify tokens: {}", e.getMessage());
            throw new ProblemException(503, "Service Unavailable", "Tokens cannot be verified right now.")
                    .withHeader("Retry-After", "5");
        }
        if (access == Access.ENTITLEMENTS_READER && !caller.hasScope(ENTITLEMENTS_READ) && !caller.hasRole("ADMIN")) {
            throw new ProblemException(
                            403, "Forbidden", "This needs the " + ENTITLEMENTS_READ + " scope or the ADMIN role.")
                    .withHeader(
                            "WWW-Authenticate",
                            "Bearer error=\"insufficient_scope\", scope=\"" + ENTITLEMENTS_READ + "\"");
        }
        ctx.attribute(CALLER, caller);
    }

    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller on a route that does not require a token");
        }
        return caller;
    }

    private static ProblemException invalid(String reason) {
        // The reason is ours to log; the client learns only that the token is not acceptable.
        return new ProblemException(401, "Unauthorized", "The access token is not valid.")
                .withHeader(
                        "WWW-Authenticate",
                        "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\"");
    }
}
