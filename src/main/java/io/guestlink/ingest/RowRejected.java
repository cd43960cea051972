package io.guestlink.ingest;

/** Thrown inside mapping when one row cannot be imported; never escapes the mapper. */
final class RowRejected extends Exception {
    final String field;
    final String value;

    RowRejected(String field, String value, String reason) {
        super(reason, null, false, false);
        this.field = field;
        this.value = value;
    }
}
