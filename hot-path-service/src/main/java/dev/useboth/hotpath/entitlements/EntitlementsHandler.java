package dev.useboth.hotpath.entitlements;

import dev.useboth.hotpath.auth.Authenticator;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.UUID;

/** {@code GET /hot/v1/me/entitlements} and {@code GET /hot/v1/users/{id}/entitlements}. */
public final class EntitlementsHandler {

    private final Entitlements entitlements;

    public EntitlementsHandler(Entitlements entitlements) {
        this.entitlements = entitlements;
    }

    public void mine(Context ctx) throws SQLException {
        ctx.header("Cache-Control", "private, no-store");
        ctx.json(entitlements.forUser(Authenticator.caller(ctx).userId()));
    }

    public void ofUser(Context ctx) throws SQLException {
        ctx.header("Cache-Control", "private, no-store");
        ctx.json(entitlements.forUser(UUID.fromString(ctx.pathParam("id"))));
    }
}
