package dev.useboth.core.common;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Accounts and sign-in settings; application.yml maps each to its environment variable
 * ({@code AUTH_JWT_*}, {@code FIRST_ADMIN_*}).
 */
@ConfigurationProperties("auth")
public record AuthProperties(
        @DefaultValue Jwt jwt,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("24h") Duration verifyEmailTtl,
        @DefaultValue("30m") Duration passwordResetTtl,
        @DefaultValue Throttle throttle,
        @DefaultValue FirstAdmin firstAdmin) {

    /**
     * Access tokens: ES256 JWTs. The signing key is PKCS#8 PEM text or a file holding it; the
     * previous public key (X.509 PEM), if any, is still published in the JWKS so that tokens
     * signed before a rotation stay valid until they expire.
     */
    public record Jwt(
            @DefaultValue("use-both-core") String issuer,
            @DefaultValue("use-both") String audience,
            @DefaultValue("15m") Duration accessTokenTtl,
            @DefaultValue("60s") Duration clockSkew,
            String privateKey,
            String privateKeyFile,
            String keyId,
            String previousPublicKey,
            String previousPublicKeyFile,
            String previousKeyId) {}

    /**
     * Failed sign-ins allowed per account and per client address before 429: {@code capacity}
     * failures, refilled one by one every {@code refillPeriod / capacity}.
     */
    public record Throttle(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5") int accountCapacity,
            @DefaultValue("20") int addressCapacity,
            @DefaultValue("15m") Duration refillPeriod) {}

    /** Creates the first administrator at start when no administrator exists (like createsuperuser). */
    public record FirstAdmin(
            String email,
            String password,
            @DefaultValue("Administrator") String displayName) {}
}
