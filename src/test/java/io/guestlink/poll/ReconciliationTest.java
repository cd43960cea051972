package io.guestlink.poll;

import io.guestlink.testing.LegacyDatabase;
import io.guestlink.testing.LegacyDatabases.Dialect;
import io.guestlink.testing.LegacyDatabases.LegacyDb;
import io.guestlink.poll.Reconciliation.Difference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciliation itself, against a hand-filled store: it must see every kind of difference. */
class ReconciliationTest {
    @RegisterExtension
    final LegacyDatabase legacyDatabase = new LegacyDatabase();
    @TempDir
    Path tmp;

    @Test
    void findsMissingExtraStaleAndReconciledRows() throws Exception {
        LegacyDb db = legacyDatabase.create(Dialect.POSTGRESQL);
        LegacyPms pms = new LegacyPms(db);
        pms.createSchema();
        pms.generate(1, 6); // statuses by res_id % 5: 1 INH, 2 OUT, 3 CXL, 4 NS, 5 RES, 6 INH
        String url = "jdbc:h2:file:" + tmp.resolve("store").toAbsolutePath();
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        try (Connection store = DriverManager.getConnection(url, "sa", ""); Connection legacy = pms.connect()) {
            stored(store, 1, "1", "IN_HOUSE", "101", "1501.50", true);
            stored(store, 2, "2", "CHECKED_OUT", "102", "1502.5", true);   // same amount, other scale: equal
            stored(store, 3, "3", "BOOKED", "103", "1503.50", true);       // stale status
            stored(store, 4, "4", "NO_SHOW", "999", "1.00", true);         // stale room and rate
            stored(store, 6, "6", "IN_HOUSE", "106", "1506.50", false);    // no stay
            stored(store, 7, "7", "BOOKED", "107", "1.00", true);          // not in the legacy table
            stored(store, 8, "5", "BOOKED", "105", "1505.50", true); // another system: ignored
            List<Difference> diffs = Reconciliation.compare(legacy, store, "LEGACYPMS", LegacyPms.STATUS_CODES);
            assertThat(diffs).extracting(d -> d.resId() + ":" + d.field()).containsExactly(
                    "3:status", "4:room_no", "4:rate_amount", "5:source_record", "6:stay", "7:source_record");
            assertThat(diffs.get(0).legacy()).isEqualTo("CANCELLED");
            assertThat(diffs.get(3).store()).isEqualTo("missing");
            assertThat(diffs.get(5).store()).isEqualTo("present");

            try (Connection s2 = store) {
                s2.createStatement().execute("DELETE FROM stay WHERE source_record_id = 7");
                s2.createStatement().execute("DELETE FROM source_record WHERE id = 7");
                s2.createStatement().execute("UPDATE stay SET status = 'CANCELLED' WHERE source_record_id = 3");
                s2.createStatement().execute("UPDATE stay SET room_no = '104', rate_amount = 1504.50 WHERE source_record_id = 4");
                stay(s2, 6, "IN_HOUSE", "106", "1506.50");
                insertRecord(s2, 5, "5", "LEGACYPMS");
                stay(s2, 5, "BOOKED", "105", "1505.50");
                assertThat(Reconciliation.compare(legacy, s2, "LEGACYPMS", LegacyPms.STATUS_CODES)).isEmpty();
            }
        }
    }

    private static Connection stored(Connection c, long id, String key, String status, String room, String rate, boolean withStay)
            throws SQLException {
        insertRecord(c, id, key, id == 8 ? "OTHER" : "LEGACYPMS");
        if (withStay) stay(c, id, status, room, rate);
        return c;
    }

    private static void insertRecord(Connection c, long id, String key, String system) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO source_record (id, source_id, system, record_kind, source_key, "
                + "content_hash, version, payload, updated_at) VALUES (?, 'legacy', ?, 'RESERVATION', ?, 'h', 1, '{}', CURRENT_TIMESTAMP)")) {
            ps.setLong(1, id);
            ps.setString(2, system);
            ps.setString(3, key);
            ps.executeUpdate();
        }
    }

    private static void stay(Connection c, long id, String status, String room, String rate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO stay (source_record_id, confirmation_no, status, room_no, rate_amount) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "C" + id);
            ps.setString(3, status);
            ps.setString(4, room);
            ps.setBigDecimal(5, new BigDecimal(rate));
            ps.executeUpdate();
        }
    }
}
