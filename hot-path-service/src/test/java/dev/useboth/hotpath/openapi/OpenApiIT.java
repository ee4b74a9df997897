package dev.useboth.hotpath.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.web.Route;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served document is generated from the route table: every registered route is in it. */
class OpenApiIT {

    static TestApp hot;
    static JsonNode document;

    @BeforeAll
    static void start() throws Exception {
        hot = TestApp.shared();
        HttpResponse<String> response = hot.get("/hot/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        document = new ObjectMapper().readTree(response.body());
    }

    @Test
    void listsEveryRegisteredRouteWithItsMethod() {
        assertThat(hot.app.routes().routes()).hasSizeGreaterThanOrEqualTo(11);
        for (Route route : hot.app.routes().routes()) {
            JsonNode operation = document.path("paths")
                    .path(route.path())
                    .path(route.method().name().toLowerCase(Locale.ROOT));
            assertThat(operation.isMissingNode())
                    .as(route.method() + " " + route.path())
                    .isFalse();
            assertThat(operation.path("operationId").asText()).isEqualTo(route.operationId());
        }
        assertThat(document.path("paths").size())
                .isEqualTo(hot.app.routes().routes().stream()
                        .map(Route::path)
                        .distinct()
                        .count());
    }

    @Test
    void describesParametersSecurityAndResponseSchemas() {
        JsonNode invoices = document.at("/paths/~1hot~1v1~1me~1invoices/get");
        assertThat(invoices.path("security").toString()).contains("bearer");
        assertThat(invoices.path("parameters").toString())
                .contains("\"name\":\"limit\"", "\"in\":\"query\"", "\"minimum\":1", "\"maximum\":100");
        assertThat(invoices.at("/responses/200/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/InvoicePageResponse");
        assertThat(invoices.at("/responses/400/content/application~1problem+json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(document.at("/components/schemas/InvoiceSummary/properties/totalMinor/type")
                        .asText())
                .isEqualTo("integer");
        assertThat(document.at("/components/schemas/EntitlementsResponse/properties/userId/format")
                        .asText())
                .isEqualTo("uuid");
        assertThat(document.at("/paths/~1hot~1v1~1users~1{id}~1entitlements/get/responses/403")
                        .isMissingNode())
                .isFalse();
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText())
                .isEqualTo("bearer");
        assertThat(document.at("/paths/~1hot~1v1~1plans/get/security").isMissingNode())
                .isTrue();
    }

    @Test
    void servesSwaggerUiPointingAtTheDocument() throws Exception {
        HttpResponse<String> page = hot.get("/hot/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("/hot/openapi.json", "/hot/docs/swagger-ui-bundle.js");

        HttpResponse<String> bundle = hot.get("/hot/docs/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        assertThat(hot.get("/hot/docs/swagger-ui.css").statusCode()).isEqualTo(200);

        assertThat(hot.get("/hot/docs/index.html").statusCode()).isEqualTo(400);
        assertThat(hot.get("/hot/docs/..%2F..%2Fpom.properties").statusCode()).isIn(400, 404);
    }
}
