package dev.useboth.hotpath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.useboth.hotpath.auth.Authenticator;
import dev.useboth.hotpath.auth.TokenVerifier;
import dev.useboth.hotpath.config.Database;
import dev.useboth.hotpath.config.HotPathConfig;
import dev.useboth.hotpath.entitlements.EntitlementReads;
import dev.useboth.hotpath.entitlements.Entitlements;
import dev.useboth.hotpath.entitlements.EntitlementsHandler;
import dev.useboth.hotpath.entitlements.EntitlementsResponse;
import dev.useboth.hotpath.events.ChangeListener;
import dev.useboth.hotpath.events.EventHub;
import dev.useboth.hotpath.events.EventsHandler;
import dev.useboth.hotpath.health.HealthHandler;
import dev.useboth.hotpath.invoices.InvoicePageResponse;
import dev.useboth.hotpath.invoices.InvoiceReads;
import dev.useboth.hotpath.invoices.InvoicesHandler;
import dev.useboth.hotpath.metrics.Metrics;
import dev.useboth.hotpath.openapi.OpenApiDocument;
import dev.useboth.hotpath.openapi.SwaggerUi;
import dev.useboth.hotpath.plans.Plan;
import dev.useboth.hotpath.plans.PlanCatalog;
import dev.useboth.hotpath.plans.PlanReads;
import dev.useboth.hotpath.plans.PlansHandler;
import dev.useboth.hotpath.web.Access;
import dev.useboth.hotpath.web.Param;
import dev.useboth.hotpath.web.Problem;
import dev.useboth.hotpath.web.ProblemErrorHandler;
import dev.useboth.hotpath.web.ProblemException;
import dev.useboth.hotpath.web.RequestLog;
import dev.useboth.hotpath.web.Route;
import dev.useboth.hotpath.web.RouteTable;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.jetty12.server.TimedHandler;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table, the wiring and the error mapping: an unstarted app from its dependencies
 * (the pool and the metrics belong to the caller).
 */
public final class HotPathApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HotPathApp.class);

    /** No route reads a body; a larger one is refused (413) rather than read or drained. */
    static final long MAX_REQUEST_BODY = 1024 * 1024;

    private final Javalin javalin;
    private final RouteTable routes;
    private final ChangeListener listener;
    private final EventHub hub;
    private final Metrics metrics;

    private HotPathApp(Javalin javalin, RouteTable routes, ChangeListener listener, EventHub hub, Metrics metrics) {
        this.javalin = javalin;
        this.routes = routes;
        this.listener = listener;
        this.hub = hub;
        this.metrics = metrics;
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public static HotPathApp create(HotPathConfig config, DataSource dataSource, Metrics metrics) {
        ObjectMapper json = objectMapper();
        var registry = metrics.registry();

        EventHub hub = new EventHub(config.sseMaxConnectionsPerUser(), config.sseHeartbeat());
        ChangeListener[] listenerRef = new ChangeListener[1];
        java.util.function.BooleanSupplier cacheTrusted = () -> listenerRef[0].listening();

        var entitlementCache =
                config.cacheEnabled() ? Entitlements.newCache(config.cacheMaxEntries(), config.cacheTtl()) : null;
        var planCache = config.cacheEnabled() ? PlanCatalog.newCache(config.cacheTtl()) : null;
        if (entitlementCache != null) {
            CaffeineCacheMetrics.monitor(registry, entitlementCache, "entitlements");
            CaffeineCacheMetrics.monitor(registry, planCache, "plans");
        }
        Entitlements entitlements = new Entitlements(new EntitlementReads(dataSource), entitlementCache, cacheTrusted);
        PlanCatalog plans = new PlanCatalog(new PlanReads(dataSource, json), json, planCache, cacheTrusted);

        ChangeListener listener =
                new ChangeListener(() -> Database.listenerConnection(config), new ChangeListener.Changes() {
                    @Override
                    public void entitlementsChanged(UUID userId) {
                        entitlements.invalidate(userId);
                        hub.publish(userId, "entitlements", () -> toJson(json, fresh(entitlements, userId)));
                    }

                    @Override
                    public void invoicesChanged(UUID userId) {
                        hub.publish(
                                userId,
                                "invoices",
                                () -> toJson(json, Map.of("userId", userId, "hint", "reload /hot/v1/me/invoices")));
                    }

                    @Override
                    public void plansChanged() {
                        plans.invalidate();
                    }

                    @Override
                    public void missedChanges() {
                        entitlements.invalidateAll();
                        plans.invalidate();
                        // Open streams may have missed an event: send them the current state.
                        for (UUID userId : hub.users()) {
                            entitlementsChanged(userId);
                        }
                    }
                });
        listenerRef[0] = listener;

        TokenVerifier verifier = new TokenVerifier(
                TokenVerifier.remoteKeys(config.jwksUrl()),
                config.jwtIssuer(),
                config.jwtAudience(),
                config.tokenCacheEnabled() ? config.cacheMaxEntries() : 0);
        Authenticator authenticator = new Authenticator(verifier, config.tokenCacheEnabled());
        RouteTable routes = routeTable(
                new PlansHandler(plans),
                new EntitlementsHandler(entitlements),
                new InvoicesHandler(new InvoiceReads(dataSource)),
                new EventsHandler(hub),
                new HealthHandler(() -> Database.reachable(dataSource), listener::listening),
                metrics,
                new SwaggerUi());
        RequestLog requestLog = new RequestLog(registry);

        Javalin javalin = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, true));
            cfg.http.maxRequestSize = MAX_REQUEST_BODY;
            cfg.jetty.modifyServer(server -> {
                // What Jetty refuses itself (bad request line, headers too large) as problem+json too.
                server.setErrorHandler(new ProblemErrorHandler());
                // Stop: refuse new requests, let those in flight finish (up to the stop timeout).
                GracefulHandler graceful = new GracefulHandler();
                graceful.setHandler(new TimedHandler(registry, Tags.empty()));
                server.setHandler(graceful);
                server.setStopTimeout(config.shutdownTimeout().toMillis());
            });
            // Jetty learns repeated header values per connection; bearer tokens differ on every
            // request and would only churn that cache (measured: a sixth of the CPU of a cached read).
            cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
            cfg.requestLogger.http(requestLog::after);
            cfg.routes.before(ctx -> {
                requestLog.before(ctx);
                ctx.header("X-Content-Type-Options", "nosniff");
                if (ctx.contentLength() > MAX_REQUEST_BODY) {
                    throw new ProblemException(413, "Content Too Large", "The request body is larger than 1 MiB.")
                            .withHeader("Connection", "close");
                }
            });
            routes.register(cfg.routes, authenticator);

            cfg.routes.exception(ProblemException.class, (e, ctx) -> {
                e.headers().forEach(ctx::header);
                problem(ctx, e.toProblem(ctx.path()));
            });
            cfg.routes.exception(SQLException.class, (e, ctx) -> {
                log.error("database error on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", "1");
                problem(
                        ctx,
                        Problem.of(
                                503, "Service Unavailable", "The data is unavailable right now; retry.", ctx.path()));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                problem(
                        ctx,
                        Problem.of(500, "Internal Server Error", "The request could not be completed.", ctx.path()));
            });
            cfg.routes.error(404, ctx -> {
                if (!isProblem(ctx)) {
                    problem(ctx, Problem.of(404, "Not Found", "No resource at " + ctx.path() + ".", ctx.path()));
                }
            });
            cfg.routes.error(405, ctx -> {
                if (!isProblem(ctx)) {
                    problem(
                            ctx,
                            Problem.of(405, "Method Not Allowed", ctx.method() + " is not allowed here.", ctx.path()));
                }
            });
            cfg.routes.error(500, ctx -> {
                if (!isProblem(ctx)) {
                    problem(
                            ctx,
                            Problem.of(
                                    500, "Internal Server Error", "The request could not be completed.", ctx.path()));
                }
            });
        });
        return new HotPathApp(javalin, routes, listener, hub, metrics);
    }

    /** The one route table: every route, its access rule, parameters and response, in one place. */
    static RouteTable routeTable(
            PlansHandler plans,
            EntitlementsHandler entitlements,
            InvoicesHandler invoices,
            EventsHandler events,
            HealthHandler health,
            Metrics metrics,
            SwaggerUi swaggerUi) {
        OpenApiDocument[] document = new OpenApiDocument[1];
        List<Route> list = List.of(
                Route.get("/hot/v1/plans", plans::list)
                        .doc("listPlans", "plans", "The active plans (public; ETag and Cache-Control)")
                        .responds(
                                TypeFactory.defaultInstance().constructCollectionType(List.class, Plan.class),
                                "application/json")
                        .problems(304)
                        .build(),
                Route.get("/hot/v1/me/entitlements", entitlements::mine)
                        .doc("myEntitlements", "entitlements", "The caller's entitlements")
                        .access(Access.USER)
                        .responds(EntitlementsResponse.class, "application/json")
                        .build(),
                Route.get("/hot/v1/me/invoices", invoices::mine)
                        .doc("myInvoices", "invoices", "The caller's invoices, newest first (keyset pagination)")
                        .access(Access.USER)
                        .params(InvoicesHandler.LIMIT, InvoicesHandler.CURSOR)
                        .responds(InvoicePageResponse.class, "application/json")
                        .build(),
                Route.get("/hot/v1/users/{id}/entitlements", entitlements::ofUser)
                        .doc(
                                "userEntitlements",
                                "entitlements",
                                "A user's entitlements, for other services (scope entitlements:read, or ADMIN)")
                        .access(Access.ENTITLEMENTS_READER)
                        .params(Param.pathUuid("id", "The user's id."))
                        .responds(EntitlementsResponse.class, "application/json")
                        .build(),
                Route.get("/hot/v1/me/events", events::stream)
                        .doc(
                                "myEvents",
                                "events",
                                "Server-Sent Events: `entitlements` (the new entitlements) and `invoices` (a hint)"
                                        + " when the core commits a change; resume with Last-Event-ID")
                        .access(Access.USER)
                        .params(EventsHandler.LAST_EVENT_ID)
                        .responds(String.class, "text/event-stream")
                        .problems(406, 429)
                        .build(),
                Route.get("/hot/openapi.json", ctx -> document[0].serve(ctx))
                        .doc("openApi", "meta", "This document")
                        .responds(Object.class, "application/json")
                        .build(),
                Route.get("/hot/docs", swaggerUi::page)
                        .doc("docs", "meta", "Swagger UI on this document")
                        .responds(String.class, "text/html")
                        .build(),
                Route.get("/hot/docs/{asset}", swaggerUi::asset)
                        .doc("docsAsset", "meta", "Swagger UI's assets")
                        .params(Param.pathString("asset", "A Swagger UI file.", SwaggerUi.ASSET_PATTERN, 64))
                        .responds(String.class, "application/octet-stream")
                        .build(),
                Route.get("/hot/health/live", health::live)
                        .doc("live", "health", "Liveness: the process answers")
                        .responds(Map.class, "application/json")
                        .build(),
                Route.get("/hot/health/ready", health::ready)
                        .doc("ready", "health", "Readiness: the database answers")
                        .responds(Map.class, "application/json")
                        .problems(503)
                        .build(),
                Route.get("/hot/metrics", metrics::scrape)
                        .doc("metrics", "health", "Prometheus metrics")
                        .responds(String.class, "text/plain")
                        .build());
        document[0] = new OpenApiDocument(list, version());
        return new RouteTable(list);
    }

    public HotPathApp start(int port) {
        listener.start();
        javalin.start(port);
        org.eclipse.jetty.server.Server server = javalin.jettyServer().server();
        for (var connector : server.getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
                // On stop, idle keep-alive connections are closed after this long (Jetty's default: 1 s),
                // connections with a request in flight only when it is done.
                c.setShutdownIdleTimeout(100);
            }
        }
        metrics.bindJetty(server);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    public RouteTable routes() {
        return routes;
    }

    public EventHub events() {
        return hub;
    }

    public boolean listening() {
        return listener.listening();
    }

    public ChangeListener changeListener() {
        return listener;
    }

    /** Ends the event streams, stops listening, then drains the requests in flight. */
    @Override
    public void close() {
        hub.close();
        listener.close();
        javalin.stop();
    }

    private static String version() {
        Package p = HotPathApp.class.getPackage();
        return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "dev";
    }

    private static EntitlementsResponse fresh(Entitlements entitlements, UUID userId) {
        try {
            return entitlements.fresh(userId);
        } catch (SQLException e) {
            throw new IllegalStateException("entitlements of " + userId + " could not be read: " + e.getMessage(), e);
        }
    }

    private static String toJson(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(Problem.CONTENT_TYPE);
    }

    private static void problem(Context ctx, Problem problem) {
        ctx.status(HttpStatus.forStatus(problem.status())).json(problem).contentType(Problem.CONTENT_TYPE);
    }
}
