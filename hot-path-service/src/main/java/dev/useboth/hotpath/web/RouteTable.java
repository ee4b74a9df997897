package dev.useboth.hotpath.web;

import dev.useboth.hotpath.auth.Authenticator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The one route table: each route is registered from it (with its access rule and parameter
 * checks in front of the handler) and the OpenAPI document is built from it.
 */
public final class RouteTable {

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    public void register(RoutesConfig config, Authenticator authenticator) {
        for (Route route : routes) {
            config.addHttpHandler(route.method(), route.path(), ctx -> {
                RequestLog.route(ctx, route.path());
                // 401/403 before 400: who may not call a route learns nothing about its parameters.
                authenticator.require(ctx, route.access());
                validate(ctx, route);
                route.handler().handle(ctx);
            });
        }
    }

    /** Every declared parameter, checked at once: the 400 names each bad field. */
    static void validate(Context ctx, Route route) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Param param : route.params()) {
            String value = switch (param.in()) {
                case PATH -> ctx.pathParam(param.name());
                case QUERY -> ctx.queryParam(param.name());
                case HEADER -> ctx.header(param.name());
            };
            String problem = param.problemWith(value);
            if (problem != null) {
                errors.add(new Problem.FieldError(param.in().label(), param.name(), problem));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors);
        }
    }
}
