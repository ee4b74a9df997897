package dev.useboth.schema.testing;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Steady load for the fault suites: a few clients on virtual threads, each sending one kind of
 * request over real HTTP in a loop, one at a time, every answer recorded with its timing.
 *
 * <pre>{@code
 * try (var load = SteadyLoad.start(http, List.of(
 *         SteadyLoad.client("plans", n -> HttpRequest.newBuilder(uri).build()),
 *         ...))) {
 *     ... break something, then load.samples() ...
 * }
 * }</pre>
 *
 * <p>Clients never give up on a request before the server answers (up to {@link #CLIENT_TIMEOUT}):
 * a client that abandoned requests would hide a server that piles them up.
 */
public final class SteadyLoad implements AutoCloseable {

    /** Far beyond any budget under test: a request taking this long is recorded as status -1. */
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One client: its name, the request to send (given the request's sequence number, so that a
     * write can carry a unique value), and a pause between requests.
     */
    public record Client(String name, IntFunction<HttpRequest> request, Duration pause) {}

    /** One answered request; times are {@link System#nanoTime()}. */
    public record Sample(
            String client, int sequence, long startNanos, long endNanos, int status, String contentType, String body) {

        public Duration latency() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Whether the request was sent and answered entirely within {@code [from, to]}. */
        public boolean within(long fromNanos, long toNanos) {
            return startNanos >= fromNanos && endNanos <= toNanos;
        }

        /**
         * Why this answer is not a clean RFC 9457 problem with one of {@code statuses}, or null if
         * it is one: the status, {@code application/problem+json}, the status in the body, and none
         * of the driver's, the pool's or the SQL's words, nor a stack frame.
         */
        public String problemDefect(int... statuses) {
            if (java.util.Arrays.stream(statuses).noneMatch(st -> st == status)) {
                return "status " + status + ", expected " + java.util.Arrays.toString(statuses) + ": " + body;
            }
            if (!contentType.startsWith("application/problem+json")) {
                return "not application/problem+json but '" + contentType + "': " + body;
            }
            if (!body.contains("\"status\":" + status)) {
                return "no status in the problem: " + body;
            }
            if (LEAK.matcher(body).find()) {
                return "leaks internals: " + body;
            }
            return null;
        }

        /** Short enough for a case name or a failure detail. */
        public String describe(long originNanos) {
            return String.format(
                    "%s #%d at %+.2fs: %d in %d ms",
                    client,
                    sequence,
                    (startNanos - originNanos) / 1e9,
                    status,
                    latency().toMillis());
        }
    }

    /** What a client must never read: the driver's, the pool's or the SQL's words, or a stack frame. */
    public static final Pattern LEAK = Pattern.compile(
            "(?i)exception|postgres|psql|hikari|jdbc|sqlstate|select |insert |update |read_api|\\bat [a-z]+\\.[a-z]");

    /** Polls {@code condition} until it holds or {@code timeout} has passed; true if it held. */
    public static boolean eventually(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    public static Client client(String name, IntFunction<HttpRequest> request) {
        return new Client(name, request, Duration.ofMillis(20));
    }

    public static Client client(String name, IntFunction<HttpRequest> request, Duration pause) {
        return new Client(name, request, pause);
    }

    private final HttpClient http;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private SteadyLoad(HttpClient http, List<Client> clients) {
        this.http = http;
        for (Client client : clients) {
            threads.add(Thread.ofVirtual().name("load-" + client.name()).start(() -> run(client)));
        }
    }

    public static SteadyLoad start(HttpClient http, List<Client> clients) {
        return new SteadyLoad(http, clients);
    }

    /** An HTTP/1.1 client as a browser or another service would use. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Sends each client's request once, unrecorded, before the load starts: the first requests of a
     * fresh server pay for class loading and compilation, which is not what a fault test measures.
     */
    public static void warmUp(HttpClient http, List<Client> clients) throws Exception {
        for (Client client : clients) {
            http.send(client.request().apply(0), HttpResponse.BodyHandlers.discarding());
        }
    }

    private void run(Client client) {
        int sequence = 0;
        while (running) {
            sequence++;
            HttpRequest request = HttpRequest.newBuilder(client.request().apply(sequence), (n, v) -> true)
                    .timeout(CLIENT_TIMEOUT)
                    .build();
            long start = System.nanoTime();
            int status;
            String contentType = "";
            String body = "";
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                contentType = response.headers().firstValue("Content-Type").orElse("");
                body = response.body();
            } catch (HttpTimeoutException e) {
                status = -1;
                body = "client timeout after " + CLIENT_TIMEOUT;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                status = 0;
                body = e.toString();
            }
            samples.add(new Sample(client.name(), sequence, start, System.nanoTime(), status, contentType, body));
            try {
                Thread.sleep(client.pause());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Every answer so far, in the order the requests were sent. */
    public List<Sample> samples() {
        List<Sample> list = new ArrayList<>(samples);
        list.sort(Comparator.comparingLong(Sample::startNanos));
        return list;
    }

    public List<Sample> samples(String client) {
        return samples().stream().filter(s -> s.client().equals(client)).toList();
    }

    /** The first successful answer of {@code client} received at or after {@code fromNanos}. */
    public Optional<Sample> firstOk(String client, long fromNanos) {
        return samples(client).stream()
                .filter(s -> s.endNanos() >= fromNanos && s.ok())
                .findFirst();
    }

    /** Waits until every named client has had a 2xx answer at or after {@code fromNanos}. */
    public boolean awaitOk(List<String> clients, long fromNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (clients.stream().allMatch(c -> firstOk(c, fromNanos).isPresent())) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Stops the clients, letting each finish (or time out) its request in flight. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                if (!thread.join(CLIENT_TIMEOUT.plusSeconds(1))) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
