package dev.useboth.hotpath.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InvoicesIT {

    static final ObjectMapper json = new ObjectMapper();
    static TestApp hot;
    static UUID user;
    static String token;
    static final List<UUID> newestFirst = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        hot = TestApp.shared();
        user = TestData.user();
        token = hot.keys.token(user);
        OffsetDateTime base = TestData.at("2026-01-01T00:00:00Z");
        List<UUID> oldestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            oldestFirst.add(TestData.invoice(user, base.plusDays(i), 1000 + i));
        }
        // Two invoices at the same instant: the id breaks the tie, and no page loses one.
        OffsetDateTime same = base.plusDays(10).plusNanos(123_000);
        UUID a = TestData.invoice(user, same, 2000);
        UUID b = TestData.invoice(user, same, 2001);
        List<UUID> tied = new ArrayList<>(List.of(a, b));
        tied.sort((x, y) -> y.toString().compareTo(x.toString()));
        newestFirst.addAll(tied);
        newestFirst.addAll(oldestFirst.reversed());
        // Someone else's invoice never shows up.
        TestData.invoice(TestData.user(), base.plusDays(20), 9999);
    }

    @Test
    void pagesThroughAllInvoicesNewestFirstWithoutGapsOrRepeats() throws Exception {
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/hot/v1/me/invoices?limit=3"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> response = hot.get(path, token);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = json.readTree(response.body());
            assertThat(page.get("items").size()).isLessThanOrEqualTo(3);
            page.get("items")
                    .forEach(item -> seen.add(UUID.fromString(item.get("id").asText())));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void aPageCarriesTheSummaryFields() throws Exception {
        JsonNode first = json.readTree(
                        hot.get("/hot/v1/me/invoices?limit=1", token).body())
                .get("items")
                .get(0);
        assertThat(first.get("status").asText()).isEqualTo("open");
        assertThat(first.get("currency").asText()).isEqualTo("EUR");
        assertThat(first.get("number").asText()).startsWith("T-");
        assertThat(first.get("totalMinor").asLong()).isBetween(2000L, 2001L);
        assertThat(first.get("createdAt").asText()).isEqualTo("2026-01-11T00:00:00.000123Z");
    }

    @Test
    void theDefaultPageSizeIsTwenty() throws Exception {
        JsonNode page = json.readTree(hot.get("/hot/v1/me/invoices", token).body());
        assertThat(page.get("items")).hasSize(newestFirst.size());
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void badParametersAreNamedOneByOne() throws Exception {
        HttpResponse<String> response = hot.get("/hot/v1/me/invoices?limit=0&cursor=not%20valid!", token);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = json.readTree(response.body()).get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).toString())
                .isEqualTo("{\"in\":\"query\",\"name\":\"limit\",\"message\":\"must be between 1 and 100\"}");
        assertThat(errors.get(1).get("name").asText()).isEqualTo("cursor");

        assertThat(hot.get("/hot/v1/me/invoices?limit=101", token).statusCode()).isEqualTo(400);
        assertThat(hot.get("/hot/v1/me/invoices?limit=abc", token).body()).contains("must be a whole number");
    }

    @Test
    void aCursorThisApiDidNotIssueIsA400() throws Exception {
        HttpResponse<String> response = hot.get("/hot/v1/me/invoices?cursor=bm90LWEtY3Vyc29y", token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"name\":\"cursor\"", "is not a cursor this API issued");
    }

    @Test
    void needsAToken() throws Exception {
        assertThat(hot.get("/hot/v1/me/invoices").statusCode()).isEqualTo(401);
    }
}
