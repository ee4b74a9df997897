package dev.useboth.hotpath.auth;

/** The token is not one the core issued for us, or no longer valid: the caller's problem (401). */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        // The reason goes to the WWW-Authenticate header and the log; no stack trace needed.
        super(message, null, false, false);
    }
}
