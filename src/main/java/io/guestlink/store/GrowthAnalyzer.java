package io.guestlink.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL: ANALYZEs the tables a bulk load grows, without waiting for autovacuum. A fresh store has no statistics,
 * and autovacuum (when it is on at all) analyses a table only after it changed by a tenth, checked once a minute: in
 * between the planner takes a table of millions of rows for an empty one, and a look-up that should use an index scans
 * (a 200,000-row file once ran at 400 rows/s because one profile-contact look-up took 5 s per batch). After a committed
 * batch, at most every {@link #INTERVAL_NANOS}, it asks the statistics views which tables changed by more than
 * {@link #MIN_ROWS} rows plus {@link #FRACTION} of their estimated size since their last analysis, and analyses those:
 * a table that grows from nothing is analysed at about 10,000, 30,000, 70,000 ... rows (it more than doubles in
 * between), six or seven times in a load of a million rows, each one a sample of the table. Below 10,000 rows a scan
 * costs little; 1,000 rows + 50% analysed every table of the benchmark's night many times over and cost more than the
 * scans it saved.
 */
final class GrowthAnalyzer {
    static final long MIN_ROWS = 10_000;
    static final double FRACTION = 1.0;
    static final long INTERVAL_NANOS = 2_000_000_000L;

    private long lastCheck = System.nanoTime() - INTERVAL_NANOS;

    /** Called after a batch committed, on its connection (back in auto-commit): analyses what grew, if it is time. */
    synchronized List<String> afterBatch(Connection c) throws SQLException {
        long now = System.nanoTime();
        if (now - lastCheck < INTERVAL_NANOS || !Sql.isPostgres(c)) return List.of();
        lastCheck = now;
        List<String> due = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT t.relname FROM pg_stat_user_tables t JOIN pg_class k ON k.oid = t.relid "
                    + "WHERE t.schemaname = current_schema() AND t.n_mod_since_analyze > " + MIN_ROWS + " + " + FRACTION
                    + " * greatest(k.reltuples, 0)")) {
                while (rs.next()) due.add(rs.getString(1));
            }
            for (String table : due) s.execute("ANALYZE \"" + table.replace("\"", "\"\"") + "\"");
        }
        return due;
    }
}
