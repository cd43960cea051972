package io.guestlink.store;

/** A store operation failed; retriable when the database was unreachable, permanent otherwise. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message + ": " + (cause == null ? "" : cause.getMessage()), cause);
    }
}
