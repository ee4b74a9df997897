package dev.useboth.core.auth;

import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.common.AuthProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Issues the access tokens of the common contract: ES256 with {@code kid}; {@code iss}, {@code aud},
 * {@code sub} (the user id), {@code roles}, optional {@code scope}, {@code iat}, {@code exp},
 * {@code jti}.
 */
@Component
class AccessTokens {

    private final JwtEncoder encoder;
    private final JwtKeys keys;
    private final AuthProperties.Jwt settings;
    private final Clock clock;

    AccessTokens(JwtEncoder encoder, JwtKeys keys, AuthProperties properties, Clock clock) {
        this.encoder = encoder;
        this.keys = keys;
        this.settings = properties.jwt();
        this.clock = clock;
    }

    record Issued(String token, Duration expiresIn) {}

    Issued issue(User user) {
        return issue(user.getId(), user.getRoles(), List.of());
    }

    Issued issue(UUID userId, Collection<Role> roles, Collection<String> scopes) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(settings.issuer())
                .audience(List.of(settings.audience()))
                .subject(userId.toString())
                .issuedAt(now)
                .expiresAt(now.plus(settings.accessTokenTtl()))
                .id(UUID.randomUUID().toString())
                .claim("roles", roles.stream().map(Role::name).sorted().toList());
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", scopes));
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256)
                .keyId(keys.signingKey().getKeyID())
                .type("JWT")
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build()))
                .getTokenValue();
        return new Issued(token, settings.accessTokenTtl());
    }
}
