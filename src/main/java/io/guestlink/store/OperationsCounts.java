package io.guestlink.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The numbers an operator watches (metrics, readiness): queue depths, the outbox backlog per channel, rows imported
 * and rejected per feed, each database feed's watermark and whether its last poll failed, the file feeds whose latest
 * file failed. Read together in one short read, a handful of aggregate queries over indexed or small tables.
 */
public final class OperationsCounts {
    private OperationsCounts() {
    }

    /**
     * @param outboxBacklog channel to deliveries not yet delivered (pending or given up)
     * @param rows          feed to {imported + updated, rejected} over every run
     */
    /**
     * @param watermarks   database feed to its watermark as the store keeps it (ISO date-time, date or number)
     * @param pollErrors   database feeds whose last poll failed (poll_state.last_error, cleared by a good poll)
     * @param failedFiles  file feeds whose latest finished file (not a poll, replay or duplicate) is FAILED
     */
    public record Snapshot(long linkQueue, long memoryQueue, long openReviews, Map<String, Long> outboxBacklog,
                           Map<String, long[]> rows, Map<String, String> watermarks, Set<String> pollErrors,
                           Set<String> failedFiles) {
        public static final Snapshot EMPTY = new Snapshot(0, 0, 0, Map.of(), Map.of(), Map.of(), Set.of(), Set.of());
    }

    public static Snapshot read(Database db) {
        return db.withoutTransaction("reading operations counts", tx -> tx.sql("reading operations counts", c -> {
            Map<String, Long> backlog = new HashMap<>();
            query(c, "SELECT channel, COUNT(*) FROM alert_delivery WHERE status <> 'DELIVERED' GROUP BY channel",
                    rs -> backlog.put(rs.getString(1), rs.getLong(2)));
            Map<String, long[]> rows = new HashMap<>();
            query(c, "SELECT source_id, SUM(rows_imported + rows_updated), SUM(rows_rejected) FROM import_file GROUP BY source_id",
                    rs -> rows.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)}));
            Map<String, String> watermarks = new HashMap<>();
            Set<String> pollErrors = new HashSet<>();
            query(c, "SELECT source_id, watermark, last_error FROM poll_state", rs -> {
                if (rs.getString(2) != null) watermarks.put(rs.getString(1), rs.getString(2));
                if (rs.getString(3) != null) pollErrors.add(rs.getString(1));
            });
            Set<String> failedFiles = new HashSet<>();
            query(c, "SELECT f.source_id FROM import_file f JOIN (SELECT source_id, MAX(id) AS id FROM import_file "
                    + "WHERE status IN ('DONE', 'FAILED') AND file_name NOT LIKE 'poll:%' AND file_name NOT LIKE 'replay:%' "
                    + "GROUP BY source_id) latest ON f.id = latest.id WHERE f.status = 'FAILED'", rs -> failedFiles.add(rs.getString(1)));
            return new Snapshot(count(c, "SELECT COUNT(*) FROM link_queue"), count(c, "SELECT COUNT(*) FROM memory_queue"),
                    MergeWrites.openCount(c), Map.copyOf(backlog), Map.copyOf(rows),
                    Map.copyOf(watermarks), Set.copyOf(pollErrors), Set.copyOf(failedFiles));
        }));
    }

    private static long count(Connection c, String sql) throws SQLException {
        long[] n = {0};
        query(c, sql, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private static void query(Connection c, String sql, Sql.RowReader row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) row.read(rs);
        }
    }
}
