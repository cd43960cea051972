package io.guestlink.ingest.poll;

import io.guestlink.ingest.PollSpec;
import io.guestlink.ingest.SourceConfig;

/**
 * The SQL one poll of a database feed runs on the legacy database: the feed's configured query, windowed by the
 * watermark and ordered by it and the tie-breaker (flag mode: ordered by the tie-breaker only), with its one named
 * parameter {@code :#GuestLinkFrom}, or none for a full read.
 */
public record PollQuery(String sql, Object from) {
    /** @param from the lower bound of the watermark window, or null to read everything (first poll, flag mode) */
    public static PollQuery of(SourceConfig feed, Object from) {
        PollSpec p = feed.poll();
        String tie = "guestlink_src." + p.tieBreakerOr(feed.key());
        String base = "SELECT * FROM (" + p.query() + ") guestlink_src";
        if (p.flagMode()) return new PollQuery(base + " ORDER BY " + tie, null);
        String wm = "guestlink_src." + p.watermark();
        String where = from == null ? "" : " WHERE " + wm + " >= :#GuestLinkFrom";
        return new PollQuery(base + where + " ORDER BY " + wm + ", " + tie, from);
    }
}
