package io.guestlink.model;


/**
 * One row on its way into the store and the journal: either a mapped record, a rejection (field, value shown
 * masked, reason) or a skipped record type. {@code raw} is the row as read, for replay. A mapped record whose mapping
 * flagged values ({@link FieldFlag}) carries their fields, shown values and notes in the same three columns: the
 * row is stored, and the journal says what was kept only as evidence or left out.
 */
public record StoreRow(long line, String raw, CanonicalRecord record, String field, String value, String reason,
                       boolean skipped) {
    public static StoreRow mapped(long line, String raw, CanonicalRecord record) {
        return new StoreRow(line, raw, record, null, null, null, false);
    }

    /** A mapped record and the flags its mapping raised (none: as {@link #mapped(long, String, CanonicalRecord)}). */
    public static StoreRow mapped(long line, String raw, CanonicalRecord record, java.util.List<FieldFlag> flags) {
        if (flags == null || flags.isEmpty()) return mapped(line, raw, record);
        return new StoreRow(line, raw, record, FieldFlag.fields(flags), FieldFlag.shownValues(flags),
                FieldFlag.notes(flags), false);
    }

    /** A stored record that carries flags (see {@link FieldFlag}). */
    public boolean flagged() {
        return record != null && reason != null;
    }

    public static StoreRow rejected(long line, String raw, String field, String value, String reason) {
        return new StoreRow(line, raw, null, field, value, reason, false);
    }

    public static StoreRow skippedRow(long line, String raw) {
        return new StoreRow(line, raw, null, null, null, null, true);
    }
}
