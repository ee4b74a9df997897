package dev.useboth.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.useboth.core.common.AuthProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The EC P-256 keys of the access tokens: the current signing key (from {@code AUTH_JWT_PRIVATE_KEY}
 * or {@code AUTH_JWT_PRIVATE_KEY_FILE}) and, during a rotation, the previous public key. Both public
 * halves are published in the JWKS. Outside the {@code dev} profile a missing key stops the start.
 */
@Component
class JwtKeys {

    private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);

    private final ECKey signingKey;
    private final JWKSet publicKeys;

    JwtKeys(AuthProperties properties, Environment environment) {
        AuthProperties.Jwt jwt = properties.jwt();
        String privatePem = pem(jwt.privateKey(), jwt.privateKeyFile(), "AUTH_JWT_PRIVATE_KEY");
        if (privatePem == null) {
            if (!environment.acceptsProfiles(Profiles.of("dev"))) {
                throw new IllegalStateException(
                        "No access-token signing key: set AUTH_JWT_PRIVATE_KEY (PKCS#8 PEM of an"
                                + " EC P-256 key) or AUTH_JWT_PRIVATE_KEY_FILE. Only the dev profile generates one.");
            }
            this.signingKey = generated(jwt.keyId());
            log.warn(
                    "\n*********************************************************************************\n"
                            + "* DEV PROFILE: no AUTH_JWT_PRIVATE_KEY set; generated a throw-away signing key   *\n"
                            + "* (kid {}). Tokens die with this process. Never run like this in production. *\n"
                            + "*********************************************************************************",
                    signingKey.getKeyID());
        } else {
            this.signingKey = fromPrivatePem(privatePem, jwt.keyId());
        }
        List<JWK> published = new ArrayList<>();
        published.add(signingKey.toPublicJWK());
        String previousPem = pem(jwt.previousPublicKey(), jwt.previousPublicKeyFile(), "AUTH_JWT_PREVIOUS_PUBLIC_KEY");
        if (previousPem != null) {
            ECKey previous = fromPublicPem(previousPem, jwt.previousKeyId());
            if (previous.getKeyID().equals(signingKey.getKeyID())) {
                throw new IllegalStateException("AUTH_JWT_PREVIOUS_KEY_ID must differ from AUTH_JWT_KEY_ID");
            }
            published.add(previous);
        }
        this.publicKeys = new JWKSet(published);
    }

    /** The current key pair, used to sign. */
    ECKey signingKey() {
        return signingKey;
    }

    /** The public keys that verify tokens: the current one first, then the previous one. */
    JWKSet publicKeys() {
        return publicKeys;
    }

    private static String pem(String text, String file, String variable) {
        if (text != null && !text.isBlank()) {
            return text;
        }
        if (file != null && !file.isBlank()) {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + variable + "_FILE " + file, e);
            }
        }
        return null;
    }

    private static byte[] der(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    static ECKey fromPrivatePem(String pem, String keyId) {
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
            requireP256(Curve.forECParameterSpec(privateKey.getParams()));
            // The PEM holds only the private scalar: the public point is d·G on P-256.
            ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec("secp256r1");
            org.bouncycastle.math.ec.ECPoint q =
                    p256.getG().multiply(privateKey.getS()).normalize();
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(
                    new ECPoint(
                            q.getAffineXCoord().toBigInteger(),
                            q.getAffineYCoord().toBigInteger()),
                    privateKey.getParams()));
            return withId(new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey), keyId);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("AUTH_JWT_PRIVATE_KEY is not a PKCS#8 PEM EC P-256 private key", e);
        }
    }

    static ECKey fromPublicPem(String pem, String keyId) {
        try {
            ECPublicKey publicKey =
                    (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(pem)));
            requireP256(Curve.forECParameterSpec(publicKey.getParams()));
            return withId(new ECKey.Builder(Curve.P_256, publicKey), keyId);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("AUTH_JWT_PREVIOUS_PUBLIC_KEY is not an X.509 PEM EC P-256 public key", e);
        }
    }

    private static ECKey generated(String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return withId(
                    new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).privateKey(pair.getPrivate()),
                    keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", e);
        }
    }

    private static ECKey withId(ECKey.Builder builder, String keyId) {
        builder.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256);
        try {
            // Without a configured id, the RFC 7638 thumbprint: stable for the key, unique enough.
            return keyId == null || keyId.isBlank()
                    ? builder.keyIDFromThumbprint().build()
                    : builder.keyID(keyId).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the key's thumbprint", e);
        }
    }

    private static void requireP256(Curve curve) {
        if (!Curve.P_256.equals(curve)) {
            throw new IllegalArgumentException("not a P-256 key: " + curve);
        }
    }
}
