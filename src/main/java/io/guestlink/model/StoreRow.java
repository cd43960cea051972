package io.guestlink.model;


/**
 * One row on its way into the store and the journal: either a mapped record, a rejection (field, value shown
 * masked, reason) or a skipped record type. {@code raw} is the row as read, for replay.
 */
public record StoreRow(long line, String raw, CanonicalRecord record, String field, String value, String reason,
                       boolean skipped) {
    public static StoreRow mapped(long line, String raw, CanonicalRecord record) {
        return new StoreRow(line, raw, record, null, null, null, false);
    }

    public static StoreRow rejected(long line, String raw, String field, String value, String reason) {
        return new StoreRow(line, raw, null, field, value, reason, false);
    }

    public static StoreRow skippedRow(long line, String raw) {
        return new StoreRow(line, raw, null, null, null, null, true);
    }
}
