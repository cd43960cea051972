package io.guestlink.poll;

import io.guestlink.poll.ConcurrentWriter.Change;
import io.guestlink.testing.LegacyDatabase;
import io.guestlink.testing.LegacyDatabases.Dialect;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import io.guestlink.poll.Reconciliation.Difference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Database polling end to end, judged by reconciliation: the real application polls a legacy PMS database (MariaDB and
 * PostgreSQL) while the PMS keeps writing, including transactions that commit late with an older timestamp, and when
 * the writing stops the store must hold every legacy row exactly once with its latest status, room and rate.
 */
class DatabasePollingReconciliationIT {
    static final String FEED = "legacy-reservations";
    static final Duration CATCH_UP = Duration.ofSeconds(120); // with no progress at all; CI machines are shared

    @RegisterExtension
    final LegacyDatabase legacyDatabase = new LegacyDatabase(); // dropped after @AfterEach has stopped the application
    @TempDir
    Path tmp;
    TestApp app;
    ConcurrentWriter writer;

    @AfterEach
    void close() throws Exception {
        try {
            if (writer != null) writer.stop();
        } finally {
            if (app != null) app.close();
        }
    }

    LegacyPms legacy(Dialect dialect, long rows) throws SQLException {
        LegacyPms pms = new LegacyPms(legacyDatabase.create(dialect));
        pms.createSchema();
        assertThat(pms.generate(1, rows)).isEqualTo(rows);
        return pms;
    }

    TestApp start(Path root, String feed) throws Exception {
        return TestApp.start(root, Map.of(FEED, feed), Map.of());
    }

    /**
     * Writes for {@code seconds} at up to 100 changes/s, a late commit (2 s) every 50th change; returns what it wrote.
     * How many changes a busy machine manages is not the question: the reconciliation afterwards checks that every one
     * of them arrived.
     */
    List<Change> write(LegacyPms pms, long seconds) throws Exception {
        writer = new ConcurrentWriter(pms, 100, 0.2, 50, 2_000, seconds).start();
        Thread.sleep(seconds * 1000);
        writer.stop();
        assertThat(writer.errors()).as("the legacy writer's errors").isEmpty();
        List<Change> changes = writer.changes();
        assertThat(changes).as("changes written").isNotEmpty();
        assertThat(changes).as("late commits").anyMatch(Change::late);
        return changes;
    }

    /**
     * Reconciles until nothing differs; fails with the first differences when {@code stall} passes with no fewer
     * differences than before (a loaded machine catches up more slowly, which is not the question here; a poll that
     * stopped making progress is), or after ten stalls' time in all.
     */
    void awaitReconciled(LegacyPms pms, Duration stall) throws Exception {
        long start = System.nanoTime();
        long improvedAt = start;
        long fewest = Long.MAX_VALUE;
        List<Difference> last;
        while (true) {
            last = reconcile(pms);
            if (last.isEmpty()) return;
            long now = System.nanoTime();
            long differences = total(last);
            if (differences < fewest) {
                fewest = differences;
                improvedAt = now;
            }
            if (now - improvedAt > stall.toNanos() || now - start > stall.multipliedBy(10).toNanos()) break;
            Thread.sleep(500);
        }
        throw new AssertionError("the legacy table and the store still differ, no fewer differences for " + stall + ": "
                + total(last) + " differences, first: " + last.subList(0, Math.min(last.size(), 20)));
    }

    /** How many differences there are: those listed, and the count of the rest in the last one. */
    static long total(List<Difference> listed) {
        if (listed.isEmpty()) return 0;
        Difference last = listed.get(listed.size() - 1);
        return "*".equals(last.resId()) ? listed.size() - 1 + Long.parseLong(last.store()) : listed.size();
    }

    List<Difference> reconcile(LegacyPms pms) throws SQLException {
        try (Connection legacy = pms.connect(); Connection store = app.store()) {
            return Reconciliation.compare(legacy, store, "LEGACYPMS", LegacyPms.STATUS_CODES);
        }
    }

    void assertReconciled(LegacyPms pms) throws Exception {
        awaitReconciled(pms, CATCH_UP);
        assertThat(app.count("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS' AND record_kind = 'RESERVATION'"))
                .isEqualTo(pms.count(null));
        assertThat(app.count("SELECT COUNT(*) FROM import_row WHERE outcome = 'REJECTED'")).as("rejected legacy rows").isZero();
        assertThat(app.count("SELECT COUNT(*) FROM import_file WHERE file_name LIKE 'poll:" + FEED + ":%'")).as("poll runs").isPositive();
        // quiet polls re-read the lag window: nothing may change any more
        long history = app.count("SELECT COUNT(*) FROM source_record_history");
        long versions = app.count("SELECT SUM(version) FROM source_record");
        Thread.sleep(3_000);
        assertThat(app.count("SELECT COUNT(*) FROM source_record_history")).as("history rows after quiet polls").isEqualTo(history);
        assertThat(app.count("SELECT SUM(version) FROM source_record")).as("versions after quiet polls").isEqualTo(versions);
        assertThat(reconcile(pms)).isEmpty();
    }

    List<String> storedNames() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = app.store(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT full_name FROM profile_name")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void watermarkFeedReconcilesUnderConcurrentWritesAndLateCommits(Dialect dialect) throws Exception {
        LegacyPms pms = legacy(dialect, 5_000);
        pms.setGbkName(1, "于明");
        app = start(tmp.resolve("app"), pms.feed(FEED, "watermark", "PT1S", 1000, null));
        List<Change> changes = write(pms, 8);
        assertThat(changes).as("inserts and updates").anyMatch(Change::insert).anyMatch(c -> !c.insert());
        assertReconciled(pms);
        assertThat(storedNames()).as("the GBK name in the latin1 column (MariaDB) or text column (PostgreSQL)").contains("于明");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void flagFeedReconcilesUnderConcurrentWritesAndFlagsEveryRow(Dialect dialect) throws Exception {
        LegacyPms pms = legacy(dialect, 5_000);
        app = start(tmp.resolve("app"), pms.feed(FEED, "flag", "PT1S", 1000, null));
        write(pms, 8);
        assertReconciled(pms);
        Wait.until("every legacy row flagged as exported", Duration.ofSeconds(10), () -> pms.count("exported = 0") == 0);
    }

    /**
     * Stops the application while its first poll is still storing the 20,000-row initial load, lets the PMS write while
     * GuestLink is down, starts it again on the same store: everything arrives once. The load is held in the store
     * ({@link HeldInsert}, an H2 trigger) after 2,000 rows while the application stops, so the stop falls in the middle
     * of the load however fast the machine is; the held batch then fails and rolls back, as it would in a crash. Camel's
     * graceful shutdown waits for the poll in flight, so the application runs with a 1 s shutdown timeout here.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void restartInTheMiddleOfTheInitialLoadLosesAndDoublesNothing(Dialect dialect) throws Exception {
        LegacyPms pms = legacy(dialect, 20_000);
        Path root = tmp.resolve("app");
        String feed = pms.feed(FEED, "watermark", "PT1S", 1000, null);
        HeldInsert.arm();
        app = TestApp.in(root).feed(FEED, feed).shutdownTimeout(1).beforeCamel(a -> {
            try (Connection c = a.database().dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER held_legacy_insert BEFORE INSERT ON source_record FOR EACH ROW CALL '"
                        + HeldInsert.class.getName() + "'");
            }
        }).start();
        assertThat(HeldInsert.awaitHeld(120)).as("the initial load reached its held row").isTrue();
        TestApp stopping = app;
        app = null;
        Thread stop = new Thread(stopping::close, "stop-mid-load");
        stop.start();
        Wait.until("the application stopping", Duration.ofSeconds(30), () -> !stop.isAlive()
                || stopping.main.getCamelContext().isStopping() || stopping.main.getCamelContext().isStopped());
        HeldInsert.release();
        stop.join(Duration.ofSeconds(60).toMillis());
        assertThat(stop.isAlive()).as("the application stopped").isFalse();
        long atStop;
        try (Connection c = DriverManager.getConnection(TestApp.h2Store(root), "sa", ""); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS'")) {
                rs.next();
                atStop = rs.getLong(1);
            }
            s.execute("DROP TRIGGER held_legacy_insert");
        }
        assertThat(atStop).as("rows stored when the application had stopped: the batches before the held one")
                .isPositive().isLessThanOrEqualTo(HeldInsert.ALLOWED);
        // the PMS keeps working while GuestLink is down
        write(pms, 3);
        app = TestApp.in(root).feed(FEED, feed).shutdownTimeout(1).start();
        assertReconciled(pms);
        assertThat(app.count("SELECT COUNT(*) FROM import_file WHERE file_name LIKE 'poll:" + FEED + ":%' AND status = 'RUNNING'"))
                .as("poll runs still RUNNING once the restarted application has caught up (the run cut short by the stop "
                        + "should be closed, e.g. FAILED or INTERRUPTED)").isZero();
    }
}
