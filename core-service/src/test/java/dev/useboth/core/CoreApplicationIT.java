package dev.useboth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.schema.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The core boots on the migrated schema (ddl-auto=validate) and answers over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class CoreApplicationIT {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void seedAPlan() throws Exception {
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                Statement s = c.createStatement()) {
            s.execute("insert into plans (code, name, price_minor, currency, billing_interval)"
                    + " values ('it-basic', 'IT Basic', 900, 'EUR', 'month') on conflict (code) do nothing");
            s.execute("insert into plan_features (plan_id, feature_key, limit_value)"
                    + " select id, 'projects', 3 from plans where code = 'it-basic' on conflict do nothing");
        }
    }

    @Test
    void servesThePlansFromTheDatabase() throws Exception {
        HttpResponse<String> response = get("/api/v1/billing/plans");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"code\":\"it-basic\"", "\"priceMinor\":900", "\"key\":\"projects\"");
    }

    @Test
    void reportsLivenessAndReadinessWithTheDatabase() throws Exception {
        assertThat(get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
