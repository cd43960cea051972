package io.guestlink.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * alert_recheck: the profiles whose cluster a merge or an unmerge changed (identity worker, exact keys of an import,
 * dedup, a review decision, an unmerge, a source's own merge such as HL7 A40). Every writer of merges queues here in
 * its own transaction, so a change of who a guest is is never forgotten; the alert sweep takes the rows, evaluates
 * the arriving and in-house stays of those guests again, and deletes exactly the rows it took.
 */
public final class AlertRechecks {
    private AlertRechecks() {
    }

    /** Rows claimed by one transaction: the row ids to delete once evaluated again, and their profiles. */
    public record Claim(Set<Long> rowIds, Set<Long> profiles) {
        public Claim {
            rowIds = Set.copyOf(rowIds);
            profiles = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(profiles));
        }
    }

    /** Queues the profiles (inside the caller's transaction: the merge's or unmerge's own). */
    static void queue(Connection c, Collection<Long> profiles) throws SQLException {
        if (profiles.isEmpty()) return;
        InHouseChanges.changing(); // who is who changed: so may who is in house under which name
        OffsetDateTime now = ImportJournal.now();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_recheck (profile_id, queued_at) VALUES (?, ?)")) {
            for (long id : new LinkedHashSet<>(profiles)) {
                ps.setLong(1, id);
                ps.setObject(2, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The oldest queued rows, at most {@code limit}; another node's sweep skips what this one holds. */
    public static Claim claim(Transaction tx, int limit) {
        return tx.sql("claiming profiles to evaluate again", c -> {
            Map<Long, Long> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, profile_id FROM alert_recheck ORDER BY id LIMIT " + limit
                    + (Sql.isPostgres(c) ? " FOR UPDATE SKIP LOCKED" : "")); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.put(rs.getLong(1), rs.getLong(2));
            }
            return new Claim(rows.keySet(), new LinkedHashSet<>(rows.values()));
        });
    }

    /** Removes exactly the claimed rows (not a newer request for the same profiles). */
    public static void done(Transaction tx, Claim claim) {
        tx.sql("removing evaluated profiles from the recheck queue", c -> {
            IdentityQueue.done(c, "alert_recheck", claim.rowIds());
            return null;
        });
    }

    /** How many requests wait. */
    public static long size(Transaction tx) {
        return tx.sql("counting the recheck queue", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM alert_recheck"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
