package dev.useboth.hotpath;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.useboth.hotpath.health.HealthHandler;
import dev.useboth.hotpath.plans.PlanReads;
import dev.useboth.hotpath.plans.PlansHandler;
import dev.useboth.hotpath.web.Problem;
import dev.useboth.hotpath.web.ProblemException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The route table and the error mapping, nothing else: an unstarted app from its dependencies. */
public final class HotPathApp {

    private static final Logger log = LoggerFactory.getLogger(HotPathApp.class);

    private HotPathApp() {}

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public static Javalin create(DataSource dataSource, Duration shutdownTimeout) {
        ObjectMapper json = objectMapper();
        HealthHandler health = new HealthHandler(dataSource);
        PlansHandler plans = new PlansHandler(new PlanReads(dataSource, json));

        return Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, true));
            cfg.jetty.modifyServer(server -> server.setStopTimeout(shutdownTimeout.toMillis()));

            cfg.routes.get("/hot/health/live", health::live);
            cfg.routes.get("/hot/health/ready", health::ready);
            cfg.routes.get("/hot/v1/plans", plans::list);

            cfg.routes.exception(ProblemException.class, (e, ctx) -> problem(ctx, e.toProblem(ctx.path())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                problem(
                        ctx,
                        Problem.of(500, "Internal Server Error", "The request could not be completed.", ctx.path()));
            });
            cfg.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith(Problem.CONTENT_TYPE)) {
                    problem(ctx, Problem.of(404, "Not Found", "No resource at " + ctx.path() + ".", ctx.path()));
                }
            });
            cfg.routes.error(
                    405,
                    ctx -> problem(
                            ctx,
                            Problem.of(405, "Method Not Allowed", ctx.method() + " is not allowed here.", ctx.path())));
        });
    }

    private static void problem(Context ctx, Problem problem) {
        ctx.status(HttpStatus.forStatus(problem.status())).json(problem).contentType(Problem.CONTENT_TYPE);
    }
}
