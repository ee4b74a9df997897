package dev.useboth.hotpath.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HotPathConfigTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        HotPathConfig config = HotPathConfig.fromEnvironment(Map.of("HOT_DB_PASSWORD", "secret-password")::get);
        assertThat(config.port()).isEqualTo(8082);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app");
        assertThat(config.databaseUser()).isEqualTo("app_hot");
        assertThat(config.jwksUrl().toString()).isEqualTo("http://core:8081/.well-known/jwks.json");
        assertThat(config.jwtIssuer()).isEqualTo("use-both-core");
        assertThat(config.jwtAudience()).isEqualTo("use-both");
        assertThat(config.cacheEnabled()).isTrue();
        assertThat(config.tokenCacheEnabled()).isTrue();
        assertThat(config.sseHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.sseMaxConnectionsPerUser()).isEqualTo(5);
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesTimeoutsThatWouldMisfire() {
        assertThatThrownBy(() -> config("HOT_DB_CONNECTION_TIMEOUT_MS", "200"))
                .hasMessageContaining("HOT_DB_CONNECTION_TIMEOUT_MS must be at least 1000");
        assertThatThrownBy(() -> config("HOT_DB_SOCKET_TIMEOUT_SECONDS", "2"))
                .hasMessageContaining("HOT_DB_SOCKET_TIMEOUT_SECONDS must be longer than HOT_DB_STATEMENT_TIMEOUT_MS");
    }

    @Test
    void refusesToStartWithoutAPassword() {
        assertThatThrownBy(() -> HotPathConfig.fromEnvironment(Map.<String, String>of()::get))
                .hasMessage("HOT_DB_PASSWORD is not set");
    }

    @Test
    void namesTheVariableThatIsWrong() {
        assertThatThrownBy(() -> config("HOT_CACHE_ENABLED", "maybe"))
                .hasMessageContaining("HOT_CACHE_ENABLED must be true or false");
        assertThatThrownBy(() -> config("HOT_JWKS_URL", "file:///etc/passwd"))
                .hasMessageContaining("HOT_JWKS_URL must be an http(s) URL");
        assertThatThrownBy(() -> config("HOT_SSE_HEARTBEAT_MS", "0"))
                .hasMessageContaining("HOT_SSE_HEARTBEAT_MS must be positive");
        assertThatThrownBy(() -> config("HOT_DB_POOL_SIZE", "lots"))
                .hasMessageContaining("HOT_DB_POOL_SIZE must be a whole number");
        assertThatThrownBy(() -> config("DATABASE_URL", "jdbc:mysql://x/y"))
                .hasMessageContaining("DATABASE_URL must be a jdbc:postgresql: URL");
        assertThat(config("HOT_CACHE_ENABLED", "false").cacheEnabled()).isFalse();
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(config("HOT_PORT", "9000").toString()).doesNotContain("secret-password");
    }

    private static HotPathConfig config(String name, String value) {
        Map<String, String> env = new HashMap<>();
        env.put("HOT_DB_PASSWORD", "secret-password");
        env.put(name, value);
        return HotPathConfig.fromEnvironment(env::get);
    }
}
