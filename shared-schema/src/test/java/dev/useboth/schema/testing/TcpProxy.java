package dev.useboth.schema.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for fault tests: a service under test connects to the proxy's port instead of the
 * database's, and the test breaks the line in between.
 *
 * <ul>
 *   <li>{@link #cut()}: every open connection is reset at once and new ones are reset as soon as
 *       they are accepted, as when the database host goes away; {@link #restore()} ends that.
 *   <li>{@link #latency(Duration)}: every chunk, in both directions, is delivered that much later
 *       than it arrived (a slow network or an overloaded database); {@link Duration#ZERO} ends it.
 * </ul>
 *
 * <p>{@code var proxy = TcpProxy.to(TestDatabase.migrated().jdbcUrl());} then point the service at
 * {@code proxy.jdbcUrl(...)}. One virtual thread accepts, two per connection and direction carry the
 * bytes. Closing the proxy closes everything it opened.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean cut;
    private volatile long latencyNanos;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
        try {
            this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's port", e);
        }
        Thread.ofVirtual().name("tcp-proxy-accept-" + server.getLocalPort()).start(this::accept);
    }

    /** A proxy on an ephemeral loopback port forwarding to {@code host:port}. */
    public static TcpProxy to(String host, int port) {
        return new TcpProxy(new InetSocketAddress(host, port));
    }

    /** A proxy to the host and port of a {@code jdbc:postgresql://host:port/db} URL. */
    public static TcpProxy to(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return to(uri.getHost(), uri.getPort());
    }

    /** The proxy's port. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code jdbcUrl} with its host and port replaced by the proxy's. */
    public String jdbcUrl(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String authority = uri.getHost() + ":" + uri.getPort();
        return jdbcUrl.replaceFirst(java.util.regex.Pattern.quote(authority), "localhost:" + port());
    }

    /** Resets every open connection and refuses (resets) new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Link link : links) {
            link.reset();
        }
    }

    /** Accepts and forwards connections again. */
    public void restore() {
        cut = false;
    }

    /** Delays every chunk, in both directions, by {@code delay} ({@link Duration#ZERO}: none). */
    public void latency(Duration delay) {
        latencyNanos = delay.toNanos();
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    /** Connections accepted since the start (refused ones included). */
    public int acceptedConnections() {
        return accepted.get();
    }

    @Override
    public void close() {
        closed = true;
        quietly(server);
        for (Link link : links) {
            link.reset();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (cut) {
                resetQuietly(client);
                continue;
            }
            Thread.ofVirtual().start(() -> open(client));
        }
    }

    private void open(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 5_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            resetQuietly(client);
            quietly(upstream);
            return;
        }
        Link link = new Link(client, upstream);
        links.add(link);
        if (cut || closed) {
            link.reset();
            return;
        }
        link.start();
    }

    /** One proxied connection: the client's socket, the target's, and a pump each way. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream);
            pump(upstream, client);
        }

        /** Reader and writer on their own threads, so that latency delays chunks without adding up. */
        private void pump(Socket from, Socket to) {
            BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[CHUNK];
                try (InputStream in = from.getInputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        queue.add(new Chunk(System.nanoTime() + latencyNanos, Arrays.copyOf(buffer, n)));
                    }
                } catch (IOException e) {
                    // reset or closed
                }
                queue.add(Chunk.END);
            });
            Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = to.getOutputStream();
                    while (true) {
                        Chunk chunk = queue.take();
                        if (chunk == Chunk.END) {
                            break;
                        }
                        long wait = chunk.due() - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(Duration.ofNanos(wait));
                        }
                        out.write(chunk.bytes());
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // reset or closed
                }
                // One side ended: end the whole connection, as a real peer would see it.
                close();
            });
        }

        void close() {
            if (links.remove(this)) {
                quietly(client);
                quietly(upstream);
            }
        }

        void reset() {
            links.remove(this);
            resetQuietly(client);
            resetQuietly(upstream);
        }
    }

    private record Chunk(long due, byte[] bytes) {
        static final Chunk END = new Chunk(0, new byte[0]);
    }

    /** Closes with SO_LINGER 0: the peer gets an RST, not an orderly FIN. */
    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        quietly(socket);
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing to do
        }
    }
}
