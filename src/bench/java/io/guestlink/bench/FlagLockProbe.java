package io.guestlink.bench;

import io.guestlink.testing.LegacyDatabases;
import io.guestlink.testing.LegacyDatabases.LegacyDb;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a flag-mode {@code onConsume} statement locks beside the PMS on MariaDB (docs/feeds.md, flag mode): a few hot
 * reservations, PMS writers that change them at full speed (UPDATE by primary key, read back, COMMIT), and a flagger
 * that reads the unflagged rows and marks them with GuestLink's batch of onConsume statements (auto-commit, as the
 * flag writer pool runs them), with and without {@code FORCE INDEX (PRIMARY)}, under REPEATABLE READ and READ
 * COMMITTED. Prints the deadlocks each side saw. Not a speed benchmark: it shows which statement shape can deadlock.
 *
 * <pre>./mvnw -q -B -Pbench test-compile exec:exec@bench-flag-locks -Dbench.args="--rows=8 --seconds=30"</pre>
 */
public final class FlagLockProbe {
    private FlagLockProbe() {
    }

    record Outcome(long writes, long flags, long writerDeadlocks, long flagDeadlocks) {
    }

    public static void main(String[] args) throws Exception {
        int rows = 8, seconds = 30, writers = 4;
        for (String a : args) {
            for (String option : a.strip().split("\\s+|,(?=--)")) {
                if (option.isBlank()) continue;
                String[] kv = option.split("=", 2);
                int value = kv.length == 2 ? Integer.parseInt(kv[1]) : -1;
                switch (kv[0]) {
                    case "--rows" -> rows = value;
                    case "--seconds" -> seconds = value;
                    case "--writers" -> writers = value;
                    case "--help" -> {
                        System.out.println("FlagLockProbe --rows=8 --seconds=30 --writers=4: deadlocks of onConsume beside the PMS on MariaDB");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option + " (--rows=N --seconds=N --writers=N)");
                }
            }
        }
        System.out.printf("FlagLockProbe: %d hot rows, %d PMS writers, %d s per case, MariaDB at %s%n", rows, writers, seconds,
                LegacyDatabases.MARIADB_HOST);
        System.out.printf("%-34s %-16s %10s %10s %16s %16s%n", "onConsume finds its row", "isolation", "PMS commits", "flags",
                "PMS deadlocks", "flag deadlocks");
        LegacyDb db = LegacyDatabases.createMariaDbOrThrow();
        try {
            schema(db, rows);
            for (boolean primary : new boolean[]{false, true}) {
                for (int isolation : new int[]{Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_READ_COMMITTED}) {
                    Outcome r = run(db, rows, writers, seconds, primary, isolation);
                    System.out.printf("%-34s %-16s %10d %10d %16d %16d%n",
                            primary ? "FORCE INDEX (PRIMARY)" : "as the optimizer picks",
                            isolation == Connection.TRANSACTION_READ_COMMITTED ? "READ COMMITTED" : "REPEATABLE READ",
                            r.writes(), r.flags(), r.writerDeadlocks(), r.flagDeadlocks());
                }
            }
        } finally {
            db.close();
        }
    }

    /** The legacy table's shape where it matters: a primary key and an index on (updated_at, res_id). */
    static void schema(LegacyDb db, int rows) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE reservation (res_id BIGINT NOT NULL PRIMARY KEY, room_no VARCHAR(10), status VARCHAR(4), "
                    + "updated_at DATETIME, exported TINYINT NOT NULL DEFAULT 0, INDEX reservation_changes (updated_at, res_id), "
                    + "INDEX reservation_exported (exported)) ENGINE=InnoDB");
            s.execute("INSERT INTO reservation SELECT seq, '101', 'RES', NOW() - INTERVAL seq SECOND, 0 FROM seq_1_to_5000");
            s.execute("ANALYZE TABLE reservation");
        }
    }

    static Outcome run(LegacyDb db, int rows, int writers, int seconds, boolean primary, int isolation) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong(), flags = new AtomicLong(), writerDeadlocks = new AtomicLong(), flagDeadlocks = new AtomicLong();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            SplittableRandom random = new SplittableRandom(w);
            threads.add(new Thread(() -> {
                try (Connection c = db.connect();
                     PreparedStatement update = c.prepareStatement("UPDATE reservation SET status = ?, exported = 0, updated_at = NOW() WHERE res_id = ?");
                     PreparedStatement read = c.prepareStatement("SELECT updated_at FROM reservation WHERE res_id = ?")) {
                    c.setAutoCommit(false);
                    while (running.get()) {
                        long id = 1 + random.nextInt(rows);
                        try {
                            update.setString(1, "S" + random.nextInt(9));
                            update.setLong(2, id);
                            update.executeUpdate();
                            read.setLong(1, id);
                            read.executeQuery().close();
                            c.commit();
                            writes.incrementAndGet();
                        } catch (SQLTransactionRollbackException e) {
                            writerDeadlocks.incrementAndGet();
                            c.rollback();
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    errors.add(e);
                }
            }, "pms-writer-" + w));
        }
        String table = primary ? "reservation FORCE INDEX (PRIMARY)" : "reservation";
        threads.add(new Thread(() -> {
            try (Connection c = db.connect()) {
                c.setTransactionIsolation(isolation);
                while (running.get()) {
                    List<Object[]> unflagged = new ArrayList<>();
                    try (Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT res_id, updated_at, status FROM reservation WHERE exported = 0 AND res_id <= " + rows)) {
                        while (rs.next()) unflagged.add(new Object[]{rs.getLong(1), rs.getTimestamp(2), rs.getString(3)});
                    }
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
                            + " SET exported = 1 WHERE res_id = ? AND updated_at = ? AND status <=> ?")) {
                        for (Object[] row : unflagged) {
                            ps.setLong(1, (Long) row[0]);
                            ps.setTimestamp(2, (Timestamp) row[1]);
                            ps.setString(3, (String) row[2]);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        flags.addAndGet(unflagged.size());
                    } catch (BatchUpdateException e) {
                        if (!"40001".equals(e.getSQLState())) throw e;
                        flagDeadlocks.incrementAndGet();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                errors.add(e);
            }
        }, "flagger"));
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread t : threads) t.join();
        if (!errors.isEmpty()) throw new IllegalStateException("the probe failed", errors.get(0));
        return new Outcome(writes.get(), flags.get(), writerDeadlocks.get(), flagDeadlocks.get());
    }
}
