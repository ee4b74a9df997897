package dev.useboth.hotpath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hot path over real HTTP, against the real migrated database, as the hot role. */
class HotPathAppIT {

    static TestApp hot;

    @BeforeAll
    static void start() throws Exception {
        TestData.plan("hot-it", 1900, "seats", 5L);
        hot = TestApp.shared().awaitListening();
    }

    @Test
    void servesThePlansFromTheReadContract() throws Exception {
        HttpResponse<String> response = hot.get("/hot/v1/plans");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body())
                .contains("\"code\":\"hot-it\"", "\"priceMinor\":1900", "\"key\":\"seats\"", "\"limit\":5");
        assertThat(response.headers().firstValue("cache-control")).hasValue("public, max-age=60");
    }

    @Test
    void answersNotModifiedToACurrentETagAndTheBodyToAStaleOne() throws Exception {
        String etag = hot.get("/hot/v1/plans").headers().firstValue("etag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");

        HttpResponse<String> current = send("/hot/v1/plans", "If-None-Match", "W/" + etag);
        assertThat(current.statusCode()).isEqualTo(304);
        assertThat(current.body()).isEmpty();
        assertThat(current.headers().firstValue("etag")).hasValue(etag);

        assertThat(send("/hot/v1/plans", "If-None-Match", "\"stale\"").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPlanChangeCommittedByTheCoreChangesTheETagWithinASecond() throws Exception {
        String before = hot.get("/hot/v1/plans").headers().firstValue("etag").orElseThrow();
        TestData.plan("hot-it-new-" + System.nanoTime(), 4900, "projects", 10L);
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        String after = before;
        while (after.equals(before) && System.nanoTime() < deadline) {
            after = hot.get("/hot/v1/plans").headers().firstValue("etag").orElseThrow();
        }
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void probesAnswer() throws Exception {
        assertThat(hot.get("/hot/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = hot.get("/hot/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"", "\"changeListener\":\"UP\"");
    }

    @Test
    void unknownRoutesAreProblems() throws Exception {
        HttpResponse<String> response = hot.get("/hot/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":404");
    }

    @Test
    void otherMethodsAreProblemsToo() throws Exception {
        HttpResponse<String> response = hot.http.send(
                HttpRequest.newBuilder(hot.uri("/hot/v1/plans")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(404, 405);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }

    @Test
    void echoesASaneRequestIdAndMakesOneOtherwise() throws Exception {
        assertThat(send("/hot/health/live", "X-Request-Id", "abc-123").headers().firstValue("x-request-id"))
                .hasValue("abc-123");
        assertThat(send("/hot/health/live", "X-Request-Id", "bad id\u00e9")
                        .headers()
                        .firstValue("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
        assertThat(hot.get("/hot/nope").headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void exposesPrometheusMetricsForRequestsPoolCachesAndJetty() throws Exception {
        hot.get("/hot/v1/plans");
        HttpResponse<String> metrics = hot.get("/hot/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains(
                        "http_server_requests_seconds_count{",
                        "uri=\"/hot/v1/plans\"",
                        "hikaricp_connections_active",
                        "cache_gets_total{",
                        "cache=\"entitlements\"",
                        "jetty_threads_current",
                        "jetty_server_requests_seconds",
                        "jvm_memory_used_bytes");
    }

    private static HttpResponse<String> send(String path, String header, String value) throws Exception {
        return hot.http.send(
                HttpRequest.newBuilder(hot.uri(path)).header(header, value).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
