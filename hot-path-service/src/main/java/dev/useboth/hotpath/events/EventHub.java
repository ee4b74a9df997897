package dev.useboth.hotpath.events;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open event streams, per user, with a short memory: the last {@link #RING_SIZE} events of
 * each user are kept (for {@code Last-Event-ID} resume) while the user has a stream open and for
 * {@link #RETENTION} after the last one closed. Users who never connected cost nothing: their
 * change events are not even read.
 */
public final class EventHub implements AutoCloseable {

    static final int RING_SIZE = 64;
    static final Duration RETENTION = Duration.ofMinutes(5);

    /** One event as sent: {@code id:}, {@code event:}, {@code data:} (a JSON text). */
    public record Event(long id, String type, String data) {}

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    private final int maxPerUser;
    private final ConcurrentHashMap<UUID, Channel> channels = new ConcurrentHashMap<>();
    /**
     * Event ids only grow, across restarts too (they start at the boot time in microseconds), so
     * that a client resuming after a restart is never told about events older than it has seen.
     */
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);

    private final ScheduledExecutorService timer;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    public EventHub(int maxPerUser, Duration heartbeat) {
        this.maxPerUser = maxPerUser;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("hot-path-sse-timer").daemon().factory());
        timer.scheduleAtFixedRate(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::forgetIdleChannels, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Reserves one of the user's stream slots; false when they already hold {@code maxPerUser}.
     * A reservation must end in {@link #attach} or {@link #release}.
     */
    public boolean reserve(UUID userId) {
        boolean[] reserved = {false};
        channels.compute(userId, (id, channel) -> {
            Channel c = channel == null ? new Channel() : channel;
            synchronized (c) {
                if (c.open < maxPerUser) {
                    c.open++;
                    reserved[0] = true;
                }
                c.touch();
            }
            return c;
        });
        return reserved[0];
    }

    public void release(UUID userId) {
        Channel channel = channels.get(userId);
        if (channel != null) {
            synchronized (channel) {
                channel.open--;
                channel.touch();
            }
        }
    }

    /** Starts streaming to a reserved client: replays what it missed after {@code lastEventId}. */
    public void attach(UUID userId, SseClient client, Long lastEventId) {
        Channel channel = channels.get(userId);
        if (channel == null) {
            throw new IllegalStateException("attach without reserve");
        }
        synchronized (channel) {
            channel.clients.add(client);
            if (lastEventId != null) {
                for (Event event : channel.ring) {
                    if (event.id() > lastEventId) {
                        send(client, event);
                    }
                }
            }
        }
        // Not inline: onClose may run inside a send that holds the client's lock.
        client.onClose(() -> {
            try {
                senders.execute(() -> detach(userId, channel, client));
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                detach(userId, channel, client);
            }
        });
        // Flushes the headers and tells the client the stream is live.
        synchronized (client) {
            client.sendComment("connected");
        }
        if (client.terminated()) {
            detach(userId, channel, client);
        }
        client.keepAlive();
    }

    private void detach(UUID userId, Channel channel, SseClient client) {
        synchronized (channel) {
            if (channel.clients.remove(client)) {
                channel.open--;
                channel.touch();
            }
        }
        log.debug("event stream of {} closed", userId);
    }

    /**
     * Records an event for the user and sends it to their open streams. The payload is computed
     * only when somebody is (or was recently) listening.
     */
    public void publish(UUID userId, String type, Supplier<String> data) {
        Channel channel = channels.get(userId);
        if (channel == null) {
            return;
        }
        senders.execute(() -> {
            String payload;
            try {
                payload = data.get();
            } catch (RuntimeException e) {
                log.warn("could not build the {} event for {}: {}", type, userId, e.toString());
                return;
            }
            synchronized (channel) {
                Event event = new Event(ids.incrementAndGet(), type, payload);
                if (channel.ring.size() == RING_SIZE) {
                    channel.ring.removeFirst();
                }
                channel.ring.addLast(event);
                for (SseClient client : List.copyOf(channel.clients)) {
                    send(client, event);
                }
            }
        });
    }

    /** The users with a channel (open streams or a recent one), e.g. to refresh after missed changes. */
    public Set<UUID> users() {
        return Set.copyOf(channels.keySet());
    }

    /** Open streams of one user (tests and metrics). */
    public int connections(UUID userId) {
        Channel channel = channels.get(userId);
        if (channel == null) {
            return 0;
        }
        synchronized (channel) {
            return channel.clients.size();
        }
    }

    public int totalConnections() {
        int total = 0;
        for (Channel channel : channels.values()) {
            synchronized (channel) {
                total += channel.clients.size();
            }
        }
        return total;
    }

    private static void send(SseClient client, Event event) {
        synchronized (client) {
            if (!client.terminated()) {
                client.sendEvent(event.type(), event.data(), Long.toString(event.id()));
            }
        }
    }

    /** A comment line on every stream: keeps proxies from closing idle ones, and finds the dead. */
    private void heartbeat() {
        List<SseClient> all = new ArrayList<>();
        for (Channel channel : channels.values()) {
            synchronized (channel) {
                all.addAll(channel.clients);
            }
        }
        for (SseClient client : all) {
            senders.execute(() -> {
                synchronized (client) {
                    if (!client.terminated()) {
                        client.sendComment("heartbeat");
                    }
                }
            });
        }
    }

    private void forgetIdleChannels() {
        long cutoff = System.nanoTime() - RETENTION.toNanos();
        for (UUID userId : channels.keySet()) {
            channels.computeIfPresent(userId, (id, channel) -> {
                synchronized (channel) {
                    return channel.open == 0 && channel.lastActive < cutoff ? null : channel;
                }
            });
        }
    }

    /** Ends every stream (shutdown: streams never finish by themselves, so they would hold the drain). */
    @Override
    public void close() {
        timer.shutdownNow();
        List<SseClient> all = new ArrayList<>();
        for (Channel channel : channels.values()) {
            synchronized (channel) {
                all.addAll(channel.clients);
            }
        }
        for (SseClient client : all) {
            client.close();
        }
        senders.shutdown();
    }

    private static final class Channel {
        final ArrayDeque<Event> ring = new ArrayDeque<>(RING_SIZE);
        final Set<SseClient> clients = new LinkedHashSet<>();
        /** Reserved plus attached streams. */
        int open;

        long lastActive = System.nanoTime();

        void touch() {
            lastActive = System.nanoTime();
        }
    }
}
