package dev.useboth.hotpath;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.useboth.hotpath.config.Database;
import dev.useboth.hotpath.config.HotPathConfig;
import dev.useboth.schema.testing.TestDatabase;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hot path over real HTTP, against the real migrated database, as the hot role. */
class HotPathAppIT {

    static HikariDataSource pool;
    static Javalin app;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        TestDatabase db = TestDatabase.migrated();
        try (Connection c = db.connectAsOwner();
                Statement s = c.createStatement()) {
            s.execute("insert into plans (code, name, price_minor, currency, billing_interval)"
                    + " values ('hot-it', 'Hot IT', 1900, 'EUR', 'month') on conflict (code) do nothing");
            s.execute("insert into plan_features (plan_id, feature_key, limit_value)"
                    + " select id, 'seats', 5 from plans where code = 'hot-it' on conflict do nothing");
        }
        pool = Database.pool(new HotPathConfig(
                0,
                db.jdbcUrl(),
                TestDatabase.HOT_ROLE,
                TestDatabase.HOT_PASSWORD,
                2,
                Duration.ofSeconds(2),
                Duration.ofSeconds(1)));
        app = HotPathApp.create(pool, Duration.ofSeconds(1)).start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        pool.close();
    }

    @Test
    void servesThePlansFromTheReadContract() throws Exception {
        HttpResponse<String> response = get("/hot/v1/plans");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body())
                .contains("\"code\":\"hot-it\"", "\"priceMinor\":1900", "\"key\":\"seats\"", "\"limit\":5");
    }

    @Test
    void probesAnswer() throws Exception {
        assertThat(get("/hot/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/hot/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("UP");
    }

    @Test
    void unknownRoutesAreProblems() throws Exception {
        HttpResponse<String> response = get("/hot/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":404");
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
