package dev.useboth.hotpath.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path's one {@code LISTEN} connection: the core's triggers NOTIFY on commit, and this
 * thread turns each notification into a call on {@link Changes}. It reconnects by itself with
 * backoff; after any (re)connect it reports {@link Changes#missedChanges()}, since notifications
 * sent while nobody listened are gone.
 */
public final class ChangeListener implements AutoCloseable {

    static final String ENTITLEMENTS = "entitlements_changed";
    static final String INVOICES = "invoices_changed";
    static final String PLANS = "plans_changed";

    /** What the listener reports. Called on its thread: keep the work short. */
    public interface Changes {
        void entitlementsChanged(UUID userId);

        void invoicesChanged(UUID userId);

        void plansChanged();

        /** Events may have been lost (first connect or reconnect): drop everything cached. */
        void missedChanges();
    }

    /** Opens the dedicated, non-pooled connection. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    private static final long POLL_MILLIS = 500;
    /** A silent connection may be half-open: ask the server something this often to find out. */
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(15);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ConnectionFactory connections;
    private final Changes changes;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile Connection current;
    private final java.util.concurrent.atomic.AtomicLong connects = new java.util.concurrent.atomic.AtomicLong();

    public ChangeListener(ConnectionFactory connections, Changes changes) {
        this.connections = connections;
        this.changes = changes;
        this.thread = Thread.ofPlatform().name("hot-path-listener").daemon().unstarted(this::run);
    }

    public ChangeListener start() {
        thread.start();
        return this;
    }

    /** Whether a LISTEN connection is up now: caches may only be trusted while it is. */
    public boolean listening() {
        return listening;
    }

    /** How many times the listener has connected (1 after start, more after reconnects). */
    public long connects() {
        return connects.get();
    }

    private void run() {
        long backoffMillis = 100;
        while (running) {
            try (Connection connection = connections.open()) {
                current = connection;
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + ENTITLEMENTS);
                    s.execute("LISTEN " + INVOICES);
                    s.execute("LISTEN " + PLANS);
                }
                changes.missedChanges();
                listening = true;
                connects.incrementAndGet();
                log.info("listening for changes ({}, {}, {})", ENTITLEMENTS, INVOICES, PLANS);
                backoffMillis = 100;
                listen(connection);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn(
                            "change listener lost its connection ({}); reconnecting in {} ms",
                            e.getMessage(),
                            backoffMillis);
                }
            } finally {
                boolean wasListening = listening;
                listening = false;
                current = null;
                if (wasListening) {
                    changes.missedChanges();
                }
            }
            if (running) {
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private void listen(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (running) {
            PGNotification[] notifications = pg.getNotifications((int) POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    dispatch(n.getName(), n.getParameter());
                }
                lastCheck = System.nanoTime();
            } else if (System.nanoTime() - lastCheck > CHECK_NANOS) {
                try (Statement s = connection.createStatement()) {
                    s.execute("select 1");
                }
                lastCheck = System.nanoTime();
            }
        }
    }

    private void dispatch(String channel, String payload) {
        try {
            switch (channel) {
                case ENTITLEMENTS -> changes.entitlementsChanged(UUID.fromString(payload));
                case INVOICES -> changes.invoicesChanged(UUID.fromString(payload));
                case PLANS -> changes.plansChanged();
                default -> log.debug("ignoring notification on {}", channel);
            }
        } catch (RuntimeException e) {
            // One bad payload must not cost the connection (and with it every cache).
            log.warn("could not handle notification {} '{}': {}", channel, payload, e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        Connection connection = current;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the listener connection: {}", e.getMessage());
            }
        }
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
