package dev.useboth.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.common.AppProperties;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.cors.CorsConfiguration;

class SecurityConfigTest {

    final SecurityConfig config = new SecurityConfig();

    @Test
    void opensCorsOnlyForTheConfiguredOriginsAndOnlyOnTheApi() {
        var source = config.corsConfigurationSource(new AppProperties(
                URI.create("http://localhost:8080"),
                "x <x@example.test>",
                new AppProperties.Cors(List.of(" https://app.example.test ", ""))));

        CorsConfiguration api = source.getCorsConfiguration(new MockHttpServletRequest("GET", "/api/v1/me"));
        assertThat(api).isNotNull();
        assertThat(api.getAllowedOrigins()).containsExactly("https://app.example.test");
        assertThat(api.getAllowCredentials()).isTrue();
        assertThat(source.getCorsConfiguration(new MockHttpServletRequest("GET", "/admin")))
                .isNull();
    }

    @Test
    void hasNoCorsConfigurationWithoutOrigins() {
        var source = config.corsConfigurationSource(
                new AppProperties(URI.create("http://localhost:8080"), "x", new AppProperties.Cors(List.of())));

        assertThat(source.getCorsConfiguration(new MockHttpServletRequest("GET", "/api/v1/me")))
                .isNull();
    }

    @Test
    void hashesWithArgon2idAndStillVerifiesBcrypt() {
        PasswordEncoder encoder = SecurityConfig.passwords();
        String hash = encoder.encode("violet-harbour-lantern-42");
        String legacy = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("violet-harbour-lantern-42");

        assertThat(hash).startsWith("{argon2}$argon2id$");
        assertThat(encoder.matches("violet-harbour-lantern-42", hash)).isTrue();
        assertThat(encoder.matches("violet-harbour-lantern-42", legacy)).isTrue();
        assertThat(encoder.upgradeEncoding(legacy)).isTrue();
        assertThat(encoder.upgradeEncoding(hash)).isFalse();
    }
}
