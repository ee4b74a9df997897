package dev.useboth.hotpath.openapi;

import dev.useboth.hotpath.web.Access;
import dev.useboth.hotpath.web.Param;
import dev.useboth.hotpath.web.Problem;
import dev.useboth.hotpath.web.Route;
import io.javalin.http.Context;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI document, built from the route table with swagger-core's model (schemas of the
 * response records through {@link ModelConverters}): it cannot list a route that does not exist,
 * nor miss one that does. Built on first request, not at start-up, which it would slow down.
 */
public final class OpenApiDocument {

    private static final String BEARER = "bearer";
    private static final Map<Integer, String> REASONS = Map.of(
            304, "Not Modified: the If-None-Match ETag is current",
            400, "Bad Request: the errors name each bad parameter",
            401, "Unauthorized: no token, or not a valid one (see WWW-Authenticate)",
            403, "Forbidden: the token lacks the rights",
            406, "Not Acceptable",
            429, "Too Many Requests",
            503, "Service Unavailable");

    private final List<Route> routes;
    private final String version;
    private volatile String json;

    public OpenApiDocument(List<Route> routes, String version) {
        this.routes = List.copyOf(routes);
        this.version = version;
    }

    public void serve(Context ctx) {
        ctx.contentType("application/json").result(json());
    }

    public String json() {
        String built = json;
        if (built == null) {
            synchronized (this) {
                if (json == null) {
                    try {
                        json = Json.mapper().writeValueAsString(build());
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("the OpenAPI document could not be written", e);
                    }
                }
                built = json;
            }
        }
        return built;
    }

    OpenAPI build() {
        Components components = new Components()
                .addSecuritySchemes(
                        BEARER,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("An access token issued by the core (ES256)."));
        OpenAPI api = new OpenAPI()
                .info(new Info()
                        .title("use-both hot path")
                        .version(version)
                        .description("High-traffic reads and real-time events, read from the core's schema"
                                + " through the read_api views. Errors are RFC 9457 problem documents.")
                        .license(new License().name("MIT")))
                .components(components);
        Schema<?> problem = schemaOf(Problem.class, components);
        Paths paths = new Paths();
        for (Route route : routes) {
            // Javalin's {name} path parameters are OpenAPI's.
            PathItem item = paths.computeIfAbsent(route.path(), p -> new PathItem());
            item.operation(PathItem.HttpMethod.valueOf(route.method().name()), operation(route, components, problem));
        }
        return api.paths(paths);
    }

    private Operation operation(Route route, Components components, Schema<?> problem) {
        Operation op = new Operation()
                .operationId(route.operationId())
                .summary(route.summary())
                .addTagsItem(route.tag());
        for (Param param : route.params()) {
            op.addParametersItem(parameter(param));
        }
        ApiResponses responses = new ApiResponses();
        Schema<?> body = route.response() == String.class ? new StringSchema() : schemaOf(route.response(), components);
        responses.addApiResponse(
                "200",
                new ApiResponse()
                        .description("OK")
                        .content(new Content().addMediaType(route.mediaType(), new MediaType().schema(body))));
        Set<Integer> statuses = new LinkedHashSet<>(route.problems());
        if (!route.params().isEmpty()) {
            statuses.add(400);
        }
        if (route.access() != Access.PUBLIC) {
            op.addSecurityItem(new SecurityRequirement().addList(BEARER));
            statuses.add(401);
            statuses.add(503);
        }
        if (route.access() == Access.ENTITLEMENTS_READER) {
            statuses.add(403);
        }
        for (int status : statuses.stream().sorted().toList()) {
            ApiResponse response = new ApiResponse().description(REASONS.getOrDefault(status, "Error"));
            if (status >= 400) {
                response.content(new Content().addMediaType(Problem.CONTENT_TYPE, new MediaType().schema(problem)));
            }
            responses.addApiResponse(Integer.toString(status), response);
        }
        return op.responses(responses);
    }

    private static Parameter parameter(Param param) {
        Parameter parameter = switch (param.in()) {
            case PATH -> new PathParameter();
            case QUERY -> new QueryParameter();
            case HEADER -> new HeaderParameter();
        };
        Schema<?> schema = switch (param.kind()) {
            case UUID -> new UUIDSchema();
            case INTEGER -> {
                IntegerSchema integer = new IntegerSchema();
                integer.format("int64");
                integer.minimum(java.math.BigDecimal.valueOf(param.min()));
                integer.maximum(java.math.BigDecimal.valueOf(param.max()));
                yield integer;
            }
            case STRING -> {
                StringSchema string = new StringSchema();
                string.pattern(param.pattern().pattern());
                string.maxLength((int) param.max());
                yield string;
            }
        };
        return parameter
                .name(param.name())
                .description(param.description())
                .required(param.required())
                .schema(schema);
    }

    /** The schema of a record, registered (with the records it uses) under components. */
    private static Schema<?> schemaOf(Type type, Components components) {
        ResolvedSchema resolved =
                ModelConverters.getInstance().readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        if (resolved == null || resolved.schema == null) {
            // Free-form JSON (health, this document).
            return new ObjectSchema();
        }
        if (resolved.referencedSchemas != null) {
            resolved.referencedSchemas.forEach(components::addSchemas);
        }
        return resolved.schema;
    }
}
