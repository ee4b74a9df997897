package dev.useboth.hotpath.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.eclipse.jetty.server.Server;

/** The Prometheus registry, the JVM and Jetty binders, and {@code GET /hot/metrics}. */
public final class Metrics implements AutoCloseable {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private JvmGcMetrics gc;

    public Metrics() {
        registry.config().commonTags("application", "hot-path");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Jetty's thread pool and connections, once the server exists. */
    public void bindJetty(Server server) {
        new JettyServerThreadPoolMetrics(server.getThreadPool(), List.of()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    public void scrape(Context ctx) {
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
