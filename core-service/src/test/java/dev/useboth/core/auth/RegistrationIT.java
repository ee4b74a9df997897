package dev.useboth.core.auth;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.auth.ApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class RegistrationIT {

    static final String GOOD_PASSWORD = "violet-harbour-lantern-42";

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    static String uniqueEmail() {
        return "reg-" + UUID.randomUUID() + "@example.test";
    }

    @Test
    void createsAUserWithTheUserRoleAndAnswers201WithoutAnySecret() {
        String email = uniqueEmail();
        HttpResponse<String> response = api.post(
                "/api/v1/auth/register",
                object("email", email.toUpperCase(), "password", GOOD_PASSWORD, "displayName", "Ada"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/me");
        JsonNode user = json(response);
        assertThat(user.get("email").asString()).isEqualTo(email);
        assertThat(user.get("displayName").asString()).isEqualTo("Ada");
        assertThat(user.get("roles").toString()).isEqualTo("[\"USER\"]");
        assertThat(user.get("emailVerified").asBoolean()).isFalse();
        assertThat(user.get("id").asString()).hasSize(36);
        assertThat(response.body()).doesNotContainIgnoringCase("password").doesNotContain("argon2");
    }

    @Test
    void refusesAnEmailThatIsTakenWhateverItsCaseWith409() {
        String email = uniqueEmail();
        assertThat(register(email, GOOD_PASSWORD).statusCode()).isEqualTo(201);

        HttpResponse<String> again = register(email.toUpperCase(), GOOD_PASSWORD);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(again).get("status").asInt()).isEqualTo(409);
    }

    static Stream<Arguments> badBodies() {
        String email = "bad-input@example.test";
        String longString = "x".repeat(300);
        return Stream.of(
                Arguments.of("no fields", "{}", List.of("displayName", "email", "password")),
                Arguments.of(
                        "null fields",
                        object("email", null, "password", null, "displayName", null),
                        List.of("displayName", "email", "password")),
                Arguments.of(
                        "blank fields",
                        object("email", " ", "password", " ", "displayName", " "),
                        List.of("displayName", "email", "password")),
                Arguments.of(
                        "not an email",
                        object("email", "not-an-email", "password", GOOD_PASSWORD, "displayName", "A"),
                        List.of("email")),
                Arguments.of(
                        "email without a domain dot",
                        object("email", "a@b", "password", GOOD_PASSWORD, "displayName", "A"),
                        List.of("email")),
                Arguments.of(
                        "oversize email",
                        object("email", longString + "@example.test", "password", GOOD_PASSWORD, "displayName", "A"),
                        List.of("email")),
                Arguments.of(
                        "oversize display name",
                        object("email", email, "password", GOOD_PASSWORD, "displayName", longString),
                        List.of("displayName")),
                Arguments.of(
                        "oversize password",
                        object("email", email, "password", longString, "displayName", "A"),
                        List.of("password")),
                Arguments.of(
                        "wrong type",
                        "{\"email\": [\"a@b.c\"], \"password\": \"" + GOOD_PASSWORD + "\", \"displayName\": \"A\"}",
                        List.of("email")),
                Arguments.of(
                        "short password",
                        object("email", email, "password", "Sh0rt!pass", "displayName", "A"),
                        List.of("password")),
                Arguments.of(
                        "common password",
                        object("email", email, "password", "qwerty123456", "displayName", "A"),
                        List.of("password")),
                Arguments.of(
                        "numeric password",
                        object("email", email, "password", "918273645501928", "displayName", "A"),
                        List.of("password")),
                Arguments.of(
                        "password like the email",
                        object(
                                "email",
                                "margaret.hamilton@example.test",
                                "password",
                                "margarethamilton1",
                                "displayName",
                                "A"),
                        List.of("password")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void answersEachBadInputWith400AndItsFieldErrors(String name, String body, List<String> fields) {
        HttpResponse<String> response = api.post("/api/v1/auth/register", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        List<String> reported = new ArrayList<>();
        problem.get("errors").forEach(error -> {
            reported.add(error.get("field").asString());
            assertThat(error.get("message").asString()).isNotBlank();
        });
        assertThat(reported).containsAll(fields);
        assertThat(Set.copyOf(reported)).isEqualTo(Set.copyOf(fields));
    }

    @Test
    void listsEveryPasswordRuleThatFails() {
        HttpResponse<String> response = register(uniqueEmail(), "123456");

        assertThat(response.statusCode()).isEqualTo(400);
        List<String> messages = new ArrayList<>();
        json(response)
                .get("errors")
                .forEach(error -> messages.add(error.get("message").asString()));
        assertThat(messages)
                .containsExactlyInAnyOrder(
                        "must be at least 12 characters long", "is too common", "must not be entirely numeric");
    }

    @Test
    void answersMalformedJsonWith400ProblemAndNoParserDetails() {
        HttpResponse<String> response = api.post("/api/v1/auth/register", "{\"email\": \"a@b.c\", ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("tools.jackson", "Exception", "line:");
    }

    @Test
    void answersAnotherMediaTypeWith415Problem() {
        HttpResponse<String> response = api.send("POST", "/api/v1/auth/register", null, "Content-Type", "text/plain");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpResponse<String> register(String email, String password) {
        return api.post(
                "/api/v1/auth/register", object("email", email, "password", password, "displayName", "Someone"));
    }
}
