package dev.useboth.hotpath.plans;

import io.javalin.http.Context;
import java.sql.SQLException;

/** {@code GET /hot/v1/plans}: the active plans (public). */
public final class PlansHandler {

    private final PlanReads reads;

    public PlansHandler(PlanReads reads) {
        this.reads = reads;
    }

    public void list(Context ctx) throws SQLException {
        ctx.json(reads.activePlans());
    }
}
