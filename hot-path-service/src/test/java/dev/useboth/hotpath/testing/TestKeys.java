package dev.useboth.hotpath.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A signing key like the core's and a real HTTP server publishing its JWKS, as the core does at
 * {@code /.well-known/jwks.json}; tokens minted here carry the core's claims.
 */
public final class TestKeys implements AutoCloseable {

    public static final String ISSUER = "use-both-core";
    public static final String AUDIENCE = "use-both";

    private final ECKey key;
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();

    public TestKeys() {
        try {
            key = new ECKeyGenerator(Curve.P_256)
                    .keyID("test-" + UUID.randomUUID())
                    .generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    public int fetches() {
        return fetches.get();
    }

    public ECKey key() {
        return key;
    }

    /** A valid access token for the user with the given roles and scope (null: none). */
    public String token(UUID userId, List<String> roles, String scope) {
        return token(claims(userId, roles, scope).build());
    }

    public String token(UUID userId) {
        return token(userId, List.of("USER"), null);
    }

    /** A token whose claims the test bends first. */
    public String token(UUID userId, UnaryOperator<JWTClaimsSet.Builder> change) {
        return token(change.apply(claims(userId, List.of("USER"), null)).build());
    }

    public String token(JWTClaimsSet claims) {
        return sign(key, claims);
    }

    public static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWTClaimsSet.Builder claims(UUID userId, List<String> roles, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId.toString())
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString());
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return claims;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
