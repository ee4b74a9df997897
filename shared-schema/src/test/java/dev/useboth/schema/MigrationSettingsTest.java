package dev.useboth.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationSettingsTest {

    private final Map<String, String> env = new HashMap<>(Map.of(
            "DATABASE_URL", "jdbc:postgresql://localhost/app",
            "DATABASE_OWNER_USER", "app",
            "DATABASE_OWNER_PASSWORD", "owner-password",
            "CORE_DB_PASSWORD", "core-password-long",
            "HOT_DB_PASSWORD", "hot-password-long"));

    @Test
    void defaultsTheRoleNames() {
        MigrationSettings settings = MigrationSettings.fromEnvironment(env::get);
        assertThat(settings.coreRole()).isEqualTo("app_core");
        assertThat(settings.hotRole()).isEqualTo("app_hot");
        assertThat(settings.toString()).doesNotContain("password-long");
    }

    @Test
    void namesTheMissingVariable() {
        env.remove("HOT_DB_PASSWORD");
        assertThatThrownBy(() -> MigrationSettings.fromEnvironment(env::get)).hasMessage("HOT_DB_PASSWORD is not set");
    }

    @Test
    void refusesAPasswordThatWouldBreakOutOfTheSqlLiteral() {
        env.put("CORE_DB_PASSWORD", "abcdefghijkl'; drop");
        assertThatThrownBy(() -> MigrationSettings.fromEnvironment(env::get))
                .hasMessageContaining("CORE_DB_PASSWORD must not contain");
    }

    @Test
    void refusesARoleNameThatIsNotAnIdentifier() {
        env.put("HOT_DB_USER", "hot; drop");
        assertThatThrownBy(() -> MigrationSettings.fromEnvironment(env::get))
                .hasMessageContaining("HOT_DB_USER must be a lower-case SQL identifier");
    }
}
