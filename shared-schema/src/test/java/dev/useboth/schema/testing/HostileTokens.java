package dev.useboth.schema.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The access tokens an attacker would try against either service, by name: each must be refused
 * with 401. Forged from the real signing key (to bend one claim at a time) and from what anyone
 * can read (the published JWKS). Shared by the core's and the hot path's {@code HostileTokensIT}
 * so that both services face exactly the same list.
 */
public final class HostileTokens {

    private HostileTokens() {}

    /**
     * @param key the issuer's real signing key pair
     * @param claims fresh, valid claims for a user (issued now, expiring in minutes)
     * @param jwks the published JWKS document, as served
     * @param skewSeconds the clock skew the service tolerates
     */
    public static Map<String, String> forge(
            ECKey key, Supplier<JWTClaimsSet.Builder> claims, String jwks, long skewSeconds) {
        try {
            return forgeAll(key, claims, jwks, skewSeconds);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> forgeAll(
            ECKey key, Supplier<JWTClaimsSet.Builder> claims, String jwks, long skewSeconds)
            throws JOSEException, ParseException {
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        JWTClaimsSet good = claims.get().build();

        tokens.put("alg none", new PlainJWT(good).serialize());
        for (String alg : List.of("None", "NONE", "nOnE")) {
            tokens.put("alg " + alg, unsigned("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}", good));
        }
        tokens.put("alg none with the real signature", withHeader(sign(key, good), "{\"alg\":\"none\"}"));

        // HS256/HS512 "signed" with what anyone can read: the published key, in each encoding.
        ECKey published = JWKSet.parse(jwks).getKeys().getFirst().toECKey();
        byte[] der = published.toECPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put("the JWK's JSON", published.toJSONString().getBytes(StandardCharsets.UTF_8));
        secrets.put("the JWKS document", jwks.getBytes(StandardCharsets.UTF_8));
        secrets.put("the PEM", pem.getBytes(StandardCharsets.UTF_8));
        secrets.put("the DER", der);
        for (Map.Entry<String, byte[]> secret : secrets.entrySet()) {
            for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512)) {
                if (alg == JWSAlgorithm.HS512 && secret.getValue().length < 64) {
                    continue;
                }
                SignedJWT hmac = new SignedJWT(
                        new JWSHeader.Builder(alg)
                                .keyID(published.getKeyID())
                                .type(JOSEObjectType.JWT)
                                .build(),
                        good);
                hmac.sign(new MACSigner(secret.getValue()));
                tokens.put(alg + " keyed with " + secret.getKey(), hmac.serialize());
            }
        }

        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate();
        tokens.put("a foreign key with the real kid", sign(stranger, good));
        ECKey unknown = new ECKeyGenerator(Curve.P_256)
                .keyID("unknown-" + UUID.randomUUID())
                .generate();
        tokens.put("a foreign key with an unknown kid", sign(unknown, good));
        tokens.put("the real key with an unknown kid", sign(key, "unknown-" + UUID.randomUUID(), good));

        tokens.put(
                "expired beyond the skew",
                sign(
                        key,
                        claims.get()
                                .issueTime(Date.from(now.minusSeconds(3600)))
                                .expirationTime(Date.from(now.minusSeconds(skewSeconds + 30)))
                                .build()));
        tokens.put("no exp", sign(key, claims.get().expirationTime(null).build()));
        tokens.put(
                "nbf in the future beyond the skew",
                sign(
                        key,
                        claims.get()
                                .notBeforeTime(Date.from(now.plusSeconds(skewSeconds + 120)))
                                .expirationTime(Date.from(now.plusSeconds(1200)))
                                .build()));
        tokens.put(
                "iat in the future beyond the skew",
                sign(
                        key,
                        claims.get()
                                .issueTime(Date.from(now.plusSeconds(skewSeconds + 120)))
                                .expirationTime(Date.from(now.plusSeconds(1200)))
                                .build()));
        tokens.put("no iat", sign(key, claims.get().issueTime(null).build()));
        tokens.put(
                "wrong issuer",
                sign(key, claims.get().issuer("https://evil.example").build()));
        tokens.put("no issuer", sign(key, claims.get().issuer(null).build()));
        tokens.put(
                "wrong audience",
                sign(key, claims.get().audience("someone-else").build()));
        tokens.put("no audience", sign(key, claims.get().audience((String) null).build()));
        tokens.put("no subject", sign(key, claims.get().subject(null).build()));
        tokens.put(
                "a subject that is not a user id",
                sign(key, claims.get().subject("admin").build()));

        String token = sign(key, good);
        String[] parts = token.split("\\.");
        tokens.put("truncated: header only", parts[0]);
        tokens.put("truncated: header and payload", parts[0] + "." + parts[1]);
        tokens.put("truncated: no signature", parts[0] + "." + parts[1] + ".");
        tokens.put(
                "truncated: half the signature",
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() / 2));
        tokens.put("truncated: the last character cut", token.substring(0, token.length() - 1));
        tokens.put("truncated: half the token", token.substring(0, token.length() / 2));
        tokens.put("tampered signature", parts[0] + "." + parts[1] + "." + flip(parts[2], parts[2].length() / 2));
        tokens.put(
                "the signature of another token",
                parts[0] + "." + parts[1] + "."
                        + sign(
                                        key,
                                        claims.get()
                                                .jwtID(UUID.randomUUID().toString())
                                                .build())
                                .split("\\.")[2]);
        String otherSubject = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(good.getSubject(), UUID.randomUUID().toString());
        tokens.put("tampered payload (another subject)", parts[0] + "." + base64(otherSubject) + "." + parts[2]);
        tokens.put("empty", "");
        tokens.put("garbage", "not-a-jwt");
        return tokens;
    }

    /** ES256 with the key's own kid, typ JWT: the way the core signs. */
    public static String sign(ECKey key, JWTClaimsSet claims) throws JOSEException {
        return sign(key, key.getKeyID(), claims);
    }

    public static String sign(ECKey key, String kid, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(kid)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String unsigned(String header, JWTClaimsSet claims) {
        return base64(header) + "." + base64(claims.toString()) + ".";
    }

    private static String withHeader(String token, String header) {
        String[] parts = token.split("\\.");
        return base64(header) + "." + parts[1] + "." + parts[2];
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The character at {@code i} replaced by another base64url character. */
    private static String flip(String text, int i) {
        char c = text.charAt(i);
        return text.substring(0, i) + (c == 'A' ? 'B' : 'A') + text.substring(i + 1);
    }
}
