package dev.useboth.hotpath.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one LISTEN connection comes back by itself when the database drops it. */
class ChangeListenerIT {

    @Test
    void survivesATerminatedBackendAndInvalidatesAgainAfterwards() throws Exception {
        TestData.plan("lst-a", 100, "seats", 1L);
        TestData.plan("lst-b", 200, "seats", 2L);
        try (TestApp hot = TestApp.start(Map.of()).awaitListening()) {
            UUID user = TestData.user();
            UUID subscription = TestData.subscribe(user, "lst-a");
            String token = hot.keys.token(user);
            assertThat(hot.get("/hot/v1/me/entitlements", token).body()).contains("lst-a");

            long connectsBefore = hot.app.changeListener().connects();
            int terminated;
            try (Connection owner = TestDatabase.migrated().connectAsOwner();
                    Statement s = owner.createStatement();
                    ResultSet rs = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                            + " where application_name = 'hot-path-listener' and datname = current_database()")) {
                rs.next();
                terminated = rs.getInt(1);
            }
            assertThat(terminated).isGreaterThanOrEqualTo(1);

            // It notices (the cache is bypassed meanwhile) and connects again.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (hot.app.changeListener().connects() == connectsBefore && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(hot.app.changeListener().connects()).isGreaterThan(connectsBefore);
            hot.awaitListening();
            assertThat(hot.get("/hot/health/ready").body()).contains("\"changeListener\":\"UP\"");

            // Cached again, then invalidated by an event on the new connection.
            assertThat(hot.get("/hot/v1/me/entitlements", token).body()).contains("lst-a");
            TestData.changePlan(subscription, "lst-b");
            long changedAt = System.nanoTime();
            String body;
            do {
                body = hot.get("/hot/v1/me/entitlements", token).body();
            } while (!body.contains("lst-b")
                    && System.nanoTime() - changedAt < Duration.ofSeconds(1).toNanos());
            assertThat(body).contains("lst-b");
        }
    }
}
