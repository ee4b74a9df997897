package dev.useboth.hotpath.auth;

/** The core's key set could not be fetched: our problem, not the caller's (503). */
public final class KeysUnavailableException extends Exception {

    public KeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
