package dev.useboth.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import dev.useboth.core.common.AuthProperties;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class JwtKeysTest {

    static String previousPem() throws Exception {
        try (InputStream in = JwtKeysTest.class.getResourceAsStream("previous-test-key.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static AuthProperties properties(String privateKey, String privateKeyFile, String keyId) {
        return new AuthProperties(
                new AuthProperties.Jwt(
                        "iss",
                        "aud",
                        java.time.Duration.ofMinutes(15),
                        java.time.Duration.ofSeconds(60),
                        privateKey,
                        privateKeyFile,
                        keyId,
                        null,
                        null,
                        null),
                java.time.Duration.ofDays(30),
                java.time.Duration.ofHours(24),
                java.time.Duration.ofMinutes(30),
                new AuthProperties.Throttle(true, 5, 20, java.time.Duration.ofMinutes(15)),
                new AuthProperties.FirstAdmin(null, null, "Administrator"));
    }

    @Test
    void derivesThePublicHalfOfAPkcs8KeySoThatItsSignaturesVerify() throws Exception {
        ECKey key = JwtKeys.fromPrivatePem(previousPem(), "k1");
        JWSObject signed = new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload("hello"));
        signed.sign(new ECDSASigner(key));

        assertThat(signed.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
        assertThat(key.getKeyID()).isEqualTo("k1");
    }

    @Test
    void readsTheKeyFromAFileAndNamesItByItsThumbprintWithoutAKeyId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, previousPem());

        JwtKeys keys = new JwtKeys(properties(null, file.toString(), null), new MockEnvironment());

        assertThat(keys.signingKey().getKeyID())
                .isEqualTo(keys.signingKey().computeThumbprint().toString());
        assertThat(keys.publicKeys().getKeys()).hasSize(1);
        assertThat(keys.publicKeys().getKeys().getFirst().isPrivate()).isFalse();
    }

    @Test
    void refusesToStartWithoutAKeyOutsideTheDevProfile() {
        assertThatThrownBy(() -> new JwtKeys(properties(null, null, null), new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AUTH_JWT_PRIVATE_KEY");
    }

    @Test
    void generatesAThrowAwayKeyInTheDevProfile() {
        MockEnvironment dev = new MockEnvironment();
        dev.setActiveProfiles("dev");

        JwtKeys keys = new JwtKeys(properties(null, null, null), dev);

        assertThat(keys.signingKey().isPrivate()).isTrue();
    }

    @Test
    void refusesAKeyThatIsNotPkcs8P256() {
        assertThatThrownBy(() ->
                        JwtKeys.fromPrivatePem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", null))
                .isInstanceOf(IllegalStateException.class);
    }
}
