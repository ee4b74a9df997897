package dev.useboth.core.auth;

import static dev.useboth.core.auth.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.TestUsers.TestUser;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** Only tokens signed by a published key, for this issuer and audience, and not expired, get in. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class AccessTokenValidationIT {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    JwtKeys keys;

    ApiClient api;
    TestUser user;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        user = users.create();
    }

    @Test
    void acceptsAWellFormedToken() throws Exception {
        assertThat(me(sign(keys.signingKey(), claims -> claims)).statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsATokenSignedWithThePreviousKeyDuringARotation() throws Exception {
        assertThat(me(sign(previousKey(), claims -> claims)).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsAnExpiredToken() throws Exception {
        String expired = sign(
                keys.signingKey(),
                claims -> new JWTClaimsSet.Builder(claims)
                        .issueTime(Date.from(Instant.now().minusSeconds(3600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(120)))
                        .build());
        assertRejected(me(expired));
    }

    @Test
    void toleratesClockSkewOfUpTo60Seconds() throws Exception {
        String justExpired = sign(
                keys.signingKey(),
                claims -> new JWTClaimsSet.Builder(claims)
                        .issueTime(Date.from(Instant.now().minusSeconds(900)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(20)))
                        .build());
        HttpResponse<String> response = me(justExpired);
        assertThat(response.statusCode())
                .as(response.headers().firstValue("WWW-Authenticate").orElse(""))
                .isEqualTo(200);
    }

    @Test
    void rejectsATokenWithoutExpiry() throws Exception {
        assertRejected(me(sign(
                keys.signingKey(),
                claims -> new JWTClaimsSet.Builder(claims).expirationTime(null).build())));
    }

    @Test
    void rejectsAnotherAudience() throws Exception {
        assertRejected(me(sign(
                keys.signingKey(),
                claims -> new JWTClaimsSet.Builder(claims)
                        .audience("someone-else")
                        .build())));
    }

    @Test
    void rejectsAnotherIssuer() throws Exception {
        assertRejected(me(sign(
                keys.signingKey(),
                claims -> new JWTClaimsSet.Builder(claims)
                        .issuer("https://evil.example")
                        .build())));
    }

    @Test
    void rejectsATamperedToken() throws Exception {
        String token = sign(keys.signingKey(), claims -> claims);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"USER\"", "\"ADMIN\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        assertRejected(me(tampered));
    }

    @Test
    void rejectsATokenSignedByAnUnknownKeyEvenWithAKnownKeyId() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("test-current").generate();
        assertRejected(me(sign(stranger, claims -> claims)));
    }

    @Test
    void rejectsAnUnsignedToken() {
        String unsigned = new PlainJWT(claims()).serialize();
        assertRejected(me(unsigned));
    }

    @Test
    void rejectsGarbageAndAWrongScheme() {
        assertRejected(me("not-a-jwt"));
        HttpResponse<String> basic = api.get("/api/v1/me", "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void answersAMissingTokenWith401ProblemAndABearerChallenge() {
        HttpResponse<String> response = api.get("/api/v1/me");

        assertThat(response.statusCode()).isEqualTo(401);
        // RFC 6750's challenge, with RFC 9728's pointer to the protected-resource metadata.
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void publishesTheCurrentAndThePreviousPublicKeysOnly() {
        HttpResponse<String> response = api.get("/.well-known/jwks.json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode jwks = json(response);
        List<String> ids = jwks.get("keys")
                .valueStream()
                .map(key -> key.get("kid").asString())
                .toList();
        assertThat(ids).containsExactly("test-current", "test-previous");
        jwks.get("keys").forEach(key -> {
            assertThat(key.get("kty").asString()).isEqualTo("EC");
            assertThat(key.get("crv").asString()).isEqualTo("P-256");
            assertThat(key.get("alg").asString()).isEqualTo("ES256");
            assertThat(key.has("d")).as("private part").isFalse();
        });
    }

    private void assertRejected(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"invalid_token\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpResponse<String> me(String token) {
        return api.get("/api/v1/me", "Authorization", "Bearer " + token);
    }

    private JWTClaimsSet claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("use-both-core")
                .audience("use-both")
                .subject(user.id().toString())
                .claim("roles", List.of(Role.USER.name()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    private String sign(ECKey key, UnaryOperator<JWTClaimsSet> change) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                change.apply(claims()));
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static ECKey previousKey() throws Exception {
        try (InputStream in = AccessTokenValidationIT.class.getResourceAsStream("previous-test-key.pem")) {
            return JwtKeys.fromPrivatePem(new String(in.readAllBytes(), StandardCharsets.UTF_8), "test-previous");
        }
    }
}
