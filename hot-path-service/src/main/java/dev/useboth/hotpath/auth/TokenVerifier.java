package dev.useboth.hotpath.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Verifies the core's ES256 access tokens against its JWKS, locally: no call to the core per
 * request. The key set is fetched on first use (so the core may start after us), cached,
 * refreshed ahead of expiry, and refetched (rate-limited) when a token names an unknown
 * {@code kid}, which is how a key rotation reaches us.
 */
public final class TokenVerifier {

    /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}. */
    static final int MAX_CLOCK_SKEW_SECONDS = 60;
    /** How long the key set is cached before it is fetched again (a withdrawn key lives this long). */
    static final Duration KEYS_TTL = Duration.ofMinutes(5);
    /**
     * How long a verified token is remembered: a signature check costs more than the rest of a
     * cached read, and clients send the same token for its whole 15 minutes. No longer than the key
     * set is cached, so that a key withdrawn from the JWKS is not honoured longer through this
     * cache than through the key cache; {@code exp} is checked on every use.
     */
    static final Duration VERIFIED_TOKEN_TTL = KEYS_TTL;

    private final JWKSource<SecurityContext> keys;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Cache<String, Caller> verified;

    public TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, int cacheSize) {
        this.keys = keys;
        processor = new DefaultJWTProcessor<>();
        // Only ES256: a token signed with anything else (HS256 with the public key as secret, none, ...)
        // finds no key and fails.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp", "iat"),
                Set.of());
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        verified = cacheSize > 0
                ? Caffeine.newBuilder()
                        .maximumSize(cacheSize)
                        .expireAfter(Expiry.<String, Caller>creating((token, caller) -> Duration.ofNanos(Math.min(
                                VERIFIED_TOKEN_TTL.toNanos(),
                                Math.max(
                                        0,
                                        Duration.between(Instant.now(), caller.expiresAt())
                                                .plusSeconds(MAX_CLOCK_SKEW_SECONDS)
                                                .toNanos())))))
                        .build()
                : null;
    }

    /** The production key source: lazy, cached, refreshed ahead, rate-limited refetch on unknown kid. */
    public static JWKSource<SecurityContext> remoteKeys(URL jwksUrl) {
        return JWKSourceBuilder.create(jwksUrl, new DefaultResourceRetriever(2_000, 2_000, 256 * 1024))
                .cache(KEYS_TTL.toMillis(), Duration.ofSeconds(5).toMillis())
                .refreshAheadCache(Duration.ofSeconds(30).toMillis(), true)
                .rateLimited(Duration.ofSeconds(10).toMillis())
                .build();
    }

    /**
     * @param cacheVerified whether a token verified recently may skip the signature check
     */
    public Caller verify(String token, boolean cacheVerified) throws InvalidTokenException, KeysUnavailableException {
        if (cacheVerified && verified != null) {
            Caller known = verified.getIfPresent(token);
            if (known != null
                    && known.expiresAt().plusSeconds(MAX_CLOCK_SKEW_SECONDS).isAfter(Instant.now())) {
                return known;
            }
        }
        Caller caller = verifyNow(token);
        if (cacheVerified && verified != null) {
            verified.put(token, caller);
        }
        return caller;
    }

    private Caller verifyNow(String token) throws InvalidTokenException, KeysUnavailableException {
        JWTClaimsSet claims;
        try {
            // SignedJWT.parse refuses "alg": "none" (an unsecured JWT is not a JWS).
            claims = processor.process(SignedJWT.parse(token), null);
        } catch (RateLimitReachedException e) {
            // An unknown kid asks for a refetch, and refetches are rate-limited: with the key set
            // in hand the token is simply not ours (401), otherwise the keys are unavailable (503).
            if (haveKeys()) {
                throw new InvalidTokenException("unknown key id (refetch rate-limited)");
            }
            throw new KeysUnavailableException("the JWKS could not be fetched: " + e.getMessage(), e);
        } catch (KeySourceException e) {
            throw new KeysUnavailableException("the JWKS could not be fetched: " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        // DefaultJWTClaimsVerifier checks exp and nbf; a token issued in the future is forged or
        // from a clock gone wrong.
        if (claims.getIssueTime().toInstant().isAfter(Instant.now().plusSeconds(MAX_CLOCK_SKEW_SECONDS))) {
            throw new InvalidTokenException("iat is in the future");
        }
        UUID userId;
        try {
            userId = UUID.fromString(claims.getSubject());
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("sub is not a user id");
        }
        try {
            List<String> roles = claims.getStringListClaim("roles");
            String scope = claims.getStringClaim("scope");
            Set<String> scopes = new HashSet<>();
            if (scope != null) {
                for (String s : scope.trim().split("\\s+")) {
                    if (!s.isEmpty()) {
                        scopes.add(s);
                    }
                }
            }
            return new Caller(
                    userId,
                    roles == null ? Set.of() : Set.copyOf(roles),
                    scopes,
                    claims.getExpirationTime().toInstant());
        } catch (ParseException | NullPointerException e) {
            throw new InvalidTokenException("roles or scope claim has the wrong type");
        }
    }

    /** Whether the key set is at hand (cached), without asking for a refetch. */
    private boolean haveKeys() {
        try {
            return !keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null)
                    .isEmpty();
        } catch (KeySourceException e) {
            return false;
        }
    }
}
