package dev.useboth.hotpath.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One row of the route table: everything both the router and the OpenAPI document need.
 *
 * @param response the record the route answers with on success ({@code String} for text)
 * @param mediaType the success media type
 * @param problems the error statuses the route documents (beyond the ones every route has)
 */
public record Route(
        HandlerType method,
        String path,
        String operationId,
        String tag,
        String summary,
        Access access,
        List<Param> params,
        Type response,
        String mediaType,
        List<Integer> problems,
        Handler handler) {

    public Route {
        params = List.copyOf(params);
        problems = List.copyOf(problems);
    }

    public static Builder get(String path, Handler handler) {
        return new Builder(HandlerType.GET, path, handler);
    }

    public static final class Builder {
        private final HandlerType method;
        private final String path;
        private final Handler handler;
        private String operationId;
        private String tag = "hot-path";
        private String summary = "";
        private Access access = Access.PUBLIC;
        private List<Param> params = List.of();
        private Type response = String.class;
        private String mediaType = "application/json";
        private List<Integer> problems = List.of();

        private Builder(HandlerType method, String path, Handler handler) {
            this.method = method;
            this.path = path;
            this.handler = handler;
        }

        public Builder doc(String operationId, String tag, String summary) {
            this.operationId = operationId;
            this.tag = tag;
            this.summary = summary;
            return this;
        }

        public Builder access(Access access) {
            this.access = access;
            return this;
        }

        public Builder params(Param... params) {
            this.params = List.of(params);
            return this;
        }

        public Builder responds(Type response, String mediaType) {
            this.response = response;
            this.mediaType = mediaType;
            return this;
        }

        public Builder problems(Integer... statuses) {
            this.problems = List.of(statuses);
            return this;
        }

        public Route build() {
            return new Route(
                    method, path, operationId, tag, summary, access, params, response, mediaType, problems, handler);
        }
    }
}
