package dev.useboth.hotpath.plans;

import io.javalin.http.Context;
import java.sql.SQLException;

/**
 * {@code GET /hot/v1/plans}: the active plans (public). Clients and proxies may keep them a
 * minute and revalidate with the ETag; a match costs a 304 without a body.
 */
public final class PlansHandler {

    static final String CACHE_CONTROL = "public, max-age=60";

    private final PlanCatalog catalog;

    public PlansHandler(PlanCatalog catalog) {
        this.catalog = catalog;
    }

    public void list(Context ctx) throws SQLException {
        PlanCatalog.Snapshot plans = catalog.snapshot();
        ctx.header("ETag", plans.etag());
        ctx.header("Cache-Control", CACHE_CONTROL);
        if (matches(ctx.header("If-None-Match"), plans.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(plans.body());
    }

    /** RFC 9110 weak comparison: {@code *}, or any listed tag equal to ours with or without {@code W/}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
