package io.guestlink.store;

/** A store operation failed; retriable when the database was unreachable, permanent otherwise. */
public class StoreException extends RuntimeException {
    /** A store operation refused before reaching the database (a value its column cannot keep). */
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message + ": " + (cause == null ? "" : cause.getMessage()), cause);
    }
}
