package dev.useboth.hotpath.web;

/** Who may call a route: checked before the handler runs, declared once in the route table. */
public enum Access {
    /** Anyone, no token. */
    PUBLIC,
    /** Any valid access token: the caller is its {@code sub}. */
    USER,
    /** Other services: a token with the {@code entitlements:read} scope, or an ADMIN. */
    ENTITLEMENTS_READER
}
