package dev.useboth.hotpath.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.hotpath.testing.TestApp;
import dev.useboth.hotpath.testing.TestData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-Sent Events over a real connection, fed by real commits through the NOTIFY listener. */
class EventsIT {

    static final Duration SECOND = Duration.ofSeconds(1);
    static TestApp hot;

    @BeforeAll
    static void start() throws Exception {
        TestData.plan("sse-basic", 900, "seats", 3L);
        TestData.plan("sse-pro", 2900, "seats", 25L);
        hot = TestApp.shared().awaitListening();
    }

    @Test
    void anEntitlementChangeArrivesWithinASecondOfTheCommit() throws Exception {
        UUID user = TestData.user();
        UUID subscription = TestData.subscribe(user, "sse-basic");
        try (SseTestClient stream = open(user, null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(stream.awaitLine(": connected", SECOND)).isTrue();

            TestData.changePlan(subscription, "sse-pro");

            SseTestClient.Event event = awaitEvent(stream, "\"plan\":\"sse-pro\"", SECOND);
            assertThat(event).as("the change, within a second of the commit").isNotNull();
            assertThat(event.type()).isEqualTo("entitlements");
            assertThat(event.id()).matches("\\d+");
            assertThat(event.data()).contains("\"plan\":\"sse-pro\"", "\"limit\":25", user.toString());
        }
    }

    @Test
    void anInvoiceChangeArrivesAsAHint() throws Exception {
        UUID user = TestData.user();
        try (SseTestClient stream = open(user, null)) {
            assertThat(stream.awaitLine(": connected", SECOND)).isTrue();
            TestData.invoice(user, TestData.at("2026-02-01T00:00:00Z"), 500);
            SseTestClient.Event event = stream.nextEvent(SECOND);
            assertThat(event).isNotNull();
            assertThat(event.type()).isEqualTo("invoices");
            assertThat(event.data()).contains(user.toString());
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsWhatItMissedAndNothingElse() throws Exception {
        UUID user = TestData.user();
        UUID subscription;
        String seen;
        try (SseTestClient stream = open(user, null)) {
            assertThat(stream.awaitLine(": connected", SECOND)).isTrue();
            // Subscribe while the stream is open and wait for that event: an event's payload is read
            // when it is sent, so a subscribe event still pending would otherwise show "sse-pro" too
            // and be taken for the plan change's.
            subscription = TestData.subscribe(user, "sse-basic");
            assertThat(awaitEvent(stream, "\"plan\":\"sse-basic\"", Duration.ofSeconds(10)))
                    .isNotNull();
            TestData.changePlan(subscription, "sse-pro");
            SseTestClient.Event first = awaitEvent(stream, "\"plan\":\"sse-pro\"", Duration.ofSeconds(10));
            assertThat(first).isNotNull();
            seen = first.id();
        }
        awaitConnections(user, 0);

        // While the client is away. Whether the hub records the event before the client is back
        // (replayed) or just after (sent live), the client gets it exactly once: so no fixed sleep
        // here, and a generous wait that a loaded CI machine cannot miss.
        TestData.changePlan(subscription, "sse-basic");

        try (SseTestClient resumed = open(user, seen)) {
            SseTestClient.Event missed = resumed.nextEvent(Duration.ofSeconds(10));
            assertThat(missed).isNotNull();
            assertThat(Long.parseLong(missed.id())).isGreaterThan(Long.parseLong(seen));
            assertThat(missed.data()).contains("\"plan\":\"sse-basic\"");
            assertThat(resumed.nextEvent(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void heartbeatsKeepAnIdleStreamAlive() throws Exception {
        try (SseTestClient stream = open(TestData.user(), null)) {
            assertThat(stream.awaitLine(": heartbeat", SECOND)).isTrue();
        }
    }

    @Test
    void aUserMayHoldFiveStreamsAndClosingThemLeavesNothingBehind() throws Exception {
        UUID user = TestData.user();
        List<SseTestClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseTestClient stream = open(user, null);
                streams.add(stream);
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.awaitLine(": connected", SECOND)).isTrue();
            }
            assertThat(hot.app.events().connections(user)).isEqualTo(5);

            HttpResponse<String> sixth = hot.http.send(
                    HttpRequest.newBuilder(hot.uri("/hot/v1/me/events"))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + hot.keys.token(user))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sixth.statusCode()).isEqualTo(429);
            assertThat(sixth.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        } finally {
            for (SseTestClient stream : streams) {
                stream.close();
            }
        }
        awaitConnections(user, 0);
        try (SseTestClient again = open(user, null)) {
            assertThat(again.status()).isEqualTo(200);
        }
    }

    @Test
    void refusesWhatIsNotAnEventStreamRequest() throws Exception {
        String token = hot.keys.token(TestData.user());
        HttpResponse<String> noAccept = hot.get("/hot/v1/me/events", token);
        assertThat(noAccept.statusCode()).isEqualTo(406);

        HttpResponse<String> anonymous = hot.http.send(
                HttpRequest.newBuilder(hot.uri("/hot/v1/me/events"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> badResume = hot.http.send(
                HttpRequest.newBuilder(hot.uri("/hot/v1/me/events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token)
                        .header("Last-Event-ID", "yesterday")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badResume.statusCode()).isEqualTo(400);
        assertThat(badResume.body()).contains("\"in\":\"header\"", "\"name\":\"Last-Event-ID\"");
    }

    private static SseTestClient open(UUID user, String lastEventId) throws Exception {
        return SseTestClient.open(
                HttpClient.newHttpClient(), hot.uri("/hot/v1/me/events"), hot.keys.token(user), lastEventId);
    }

    private static void awaitConnections(UUID user, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (hot.app.events().connections(user) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hot.app.events().connections(user)).isEqualTo(expected);
    }

    /**
     * The next event whose data contains {@code expected}, within {@code timeout}. The event of the
     * subscription's creation may still be on its way when the stream opens (the listener is
     * asynchronous); it is older news, skipped here.
     */
    static SseTestClient.Event awaitEvent(SseTestClient stream, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            SseTestClient.Event event = stream.nextEvent(Duration.ofNanos(left));
            if (event == null) {
                return null;
            }
            if (event.data().contains(expected)) {
                return event;
            }
        }
        return null;
    }
}
