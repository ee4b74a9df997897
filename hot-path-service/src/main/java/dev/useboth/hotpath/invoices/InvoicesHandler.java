package dev.useboth.hotpath.invoices;

import dev.useboth.hotpath.auth.Authenticator;
import dev.useboth.hotpath.web.Param;
import dev.useboth.hotpath.web.Problem;
import dev.useboth.hotpath.web.ProblemException;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;

/** {@code GET /hot/v1/me/invoices?limit&cursor}: the caller's invoices, newest first. */
public final class InvoicesHandler {

    public static final Param LIMIT = Param.queryInteger("limit", "Page size (default 20).", 1, 100);
    public static final Param CURSOR =
            Param.queryString("cursor", "The nextCursor of the previous page.", InvoiceCursor.PATTERN, 120);
    static final int DEFAULT_LIMIT = 20;

    private final InvoiceReads reads;

    public InvoicesHandler(InvoiceReads reads) {
        this.reads = reads;
    }

    public void mine(Context ctx) throws SQLException {
        String limit = ctx.queryParam(LIMIT.name());
        String cursorText = ctx.queryParam(CURSOR.name());
        InvoiceCursor cursor = null;
        if (cursorText != null && !cursorText.isEmpty()) {
            cursor = InvoiceCursor.decode(cursorText);
            if (cursor == null) {
                throw ProblemException.badRequest(
                        List.of(new Problem.FieldError("query", CURSOR.name(), "is not a cursor this API issued")));
            }
        }
        ctx.header("Cache-Control", "private, no-store");
        ctx.json(reads.page(
                Authenticator.caller(ctx).userId(),
                cursor,
                limit == null || limit.isEmpty() ? DEFAULT_LIMIT : Integer.parseInt(limit)));
    }
}
