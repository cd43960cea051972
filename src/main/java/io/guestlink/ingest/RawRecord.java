package io.guestlink.ingest;

import java.util.Map;

/**
 * One record as read from a file, before mapping: its first line number, its values by column name, and its raw
 * text (kept in the journal for replay). {@code problem} is set when the record could not even be split into
 * values (malformed quoting, wrong column count, undecodable bytes, invalid JSON); {@code skip} for record types
 * the feed does not import.
 */
public record RawRecord(long line, Map<String, String> values, String raw, String problem, boolean skip) {
    static RawRecord ok(long line, Map<String, String> values, String raw) {
        return new RawRecord(line, values, raw, null, false);
    }

    public static RawRecord bad(long line, String raw, String problem) {
        return new RawRecord(line, Map.of(), raw, problem, false);
    }

    static RawRecord skipped(long line, String raw) {
        return new RawRecord(line, Map.of(), raw, null, true);
    }
}
