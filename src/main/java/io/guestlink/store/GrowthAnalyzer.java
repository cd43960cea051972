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
    /** The statistics target of these analyses (PostgreSQL's default is 100). */
    static final int STATISTICS_TARGET = 20;

    private volatile long lastCheck = System.nanoTime() - INTERVAL_NANOS;

    /** Whether {@link #afterBatch} would look now (a hint: the call itself decides). */
    boolean due() {
        return System.nanoTime() - lastCheck >= INTERVAL_NANOS;
    }

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
            if (due.isEmpty()) return due;
            // a sample of STATISTICS_TARGET x 300 rows, not the default 30,000: these analyses only have to tell the
            // planner how big a growing table is and that its keys are selective (index look-ups, not scans), and at
            // the default each one read most of a wide table again (a 400,000-row source_record: 280-400 ms against
            // 23 ms at 10); autovacuum, or an operator's ANALYZE, later samples at the server's own target
            s.execute("SET default_statistics_target = " + STATISTICS_TARGET);
            try {
                for (String table : due) s.execute("ANALYZE \"" + table.replace("\"", "\"\"") + "\"");
            } finally {
                s.execute("RESET default_statistics_target"); // the pooled connection goes back as it came
            }
        }
        return due;
    }
}
