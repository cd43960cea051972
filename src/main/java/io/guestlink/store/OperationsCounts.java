package io.guestlink.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The numbers an operator watches (metrics): queue depths, the outbox backlog per channel, rows imported and
 * rejected per feed. Read together in one short read, a handful of aggregate queries over indexed tables.
 */
public final class OperationsCounts {
    private OperationsCounts() {
    }

    /**
     * @param outboxBacklog channel to deliveries not yet delivered (pending or given up)
     * @param rows          feed to {imported + updated, rejected} over every run
     */
    public record Snapshot(long linkQueue, long memoryQueue, long openReviews, Map<String, Long> outboxBacklog,
                           Map<String, long[]> rows) {
        public static final Snapshot EMPTY = new Snapshot(0, 0, 0, Map.of(), Map.of());
    }

    public static Snapshot read(Database db) {
        return db.withoutTransaction("reading operations counts", tx -> tx.sql("reading operations counts", c -> {
            Map<String, Long> backlog = new HashMap<>();
            query(c, "SELECT channel, COUNT(*) FROM alert_delivery WHERE status <> 'DELIVERED' GROUP BY channel",
                    rs -> backlog.put(rs.getString(1), rs.getLong(2)));
            Map<String, long[]> rows = new HashMap<>();
            query(c, "SELECT source_id, SUM(rows_imported + rows_updated), SUM(rows_rejected) FROM import_file GROUP BY source_id",
                    rs -> rows.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)}));
            return new Snapshot(count(c, "SELECT COUNT(*) FROM link_queue"), count(c, "SELECT COUNT(*) FROM memory_queue"),
                    count(c, "SELECT COUNT(*) FROM possible_duplicate WHERE status = 'OPEN'"), Map.copyOf(backlog), Map.copyOf(rows));
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
