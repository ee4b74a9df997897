package dev.useboth.core.admin;

/** What the admin's pages turn into a 403, 404 or 409 page. */
abstract sealed class AdminException extends RuntimeException {

    AdminException(String message) {
        super(message, null, false, false);
    }

    abstract int status();

    static final class Forbidden extends AdminException {
        Forbidden(String message) {
            super(message);
        }

        @Override
        int status() {
            return 403;
        }
    }

    static final class NotFound extends AdminException {
        NotFound(String message) {
            super(message);
        }

        @Override
        int status() {
            return 404;
        }
    }
}
