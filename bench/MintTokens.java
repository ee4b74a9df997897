// Mints the benchmark's key and tokens, as the core would: an EC P-256 key (PKCS#8 PEM for the
// core's AUTH_JWT_PRIVATE_KEY), its public JWKS, and ES256 access tokens with the core's claims for
// random bench users (ids md5('bench-' || n)). Run in Java's single-file source mode with
// nimbus-jose-jwt on the class path (bench/run.sh does).
//
//   java -cp nimbus-jose-jwt.jar bench/MintTokens.java OUT_DIR USERS COUNT ISSUER AUDIENCE KEY_ID

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int users = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    String issuer = args[3];
    String audience = args[4];
    String keyId = args[5];

    ECKey key = new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.toECPrivateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.createDirectories(out.resolve("jwks/.well-known"));
    Files.writeString(out.resolve("private.pem"), pem);
    Files.writeString(out.resolve("jwks/.well-known/jwks.json"), new JWKSet(key.toPublicJWK()).toString());

    ECDSASigner signer = new ECDSASigner(key);
    Random random = new Random(42);
    Instant now = Instant.now();
    List<String> tokens = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
        int n = 1 + random.nextInt(users);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(benchUser(n).toString())
                .claim("roles", List.of("USER"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(), claims);
        jwt.sign(signer);
        tokens.add(jwt.serialize());
    }
    Files.write(out.resolve("tokens.txt"), tokens);
    System.out.println("minted " + count + " tokens for random users of " + users + " (key " + keyId + ")");
}

/** PostgreSQL's md5('bench-' || n)::uuid. */
static UUID benchUser(int n) throws Exception {
    String hex = HexFormat.of()
            .formatHex(MessageDigest.getInstance("MD5").digest(("bench-" + n).getBytes(StandardCharsets.US_ASCII)));
    return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
            + hex.substring(16, 20) + "-" + hex.substring(20));
}
