package io.guestlink.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for PostgreSQL's autovacuum daemon when the server runs with {@code autovacuum = off} (as the shared
 * test server does): every {@code naptime} it ANALYZEs each table of one database whose changes since its last
 * analyze exceed autovacuum's default threshold (50 rows + 10% of the table). Without it a fresh database keeps no
 * statistics during the whole import and the planner keeps choosing sequential scans for the importer's key look-ups,
 * which is a server misconfiguration rather than the importer's cost in production. Runs on its own connection and
 * thread, like autovacuum.
 */
final class AutoAnalyze implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger analyzed = new AtomicInteger();
    private volatile boolean stop;

    private AutoAnalyze(String url, String user, String password, long naptimeMs) {
        thread = new Thread(() -> loop(url, user, password, naptimeMs), "bench-autoanalyze");
        thread.setDaemon(true);
        thread.start();
    }

    static AutoAnalyze start(String url, String user, String password, long naptimeMs) {
        return new AutoAnalyze(url, user, password, naptimeMs);
    }

    /** Is autovacuum on for this server? */
    static boolean serverAutovacuum(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW autovacuum")) {
            rs.next();
            return "on".equalsIgnoreCase(rs.getString(1));
        }
    }

    int tablesAnalyzed() {
        return analyzed.get();
    }

    private void loop(String url, String user, String password, long naptimeMs) {
        try (Connection c = DriverManager.getConnection(url, CpuMeter.aux(user, password)); Statement s = c.createStatement()) {
            while (!stop) {
                try {
                    Thread.sleep(naptimeMs);
                } catch (InterruptedException e) {
                    return;
                }
                if (stop) return;
                List<String> due = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT t.relname FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid "
                        + "WHERE t.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)")) {
                    while (rs.next()) due.add(rs.getString(1));
                }
                for (String table : due) {
                    if (stop) return;
                    s.execute("ANALYZE \"" + table.replace("\"", "\"\"") + "\"");
                    analyzed.incrementAndGet();
                }
            }
        } catch (SQLException e) {
            if (!stop) System.err.println("auto-analyze stopped: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
