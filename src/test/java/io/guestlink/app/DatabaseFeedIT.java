package io.guestlink.app;

import io.guestlink.testing.TestApp;
import io.guestlink.testing.LegacyDatabase;
import io.guestlink.testing.LegacyDatabases.Dialect;
import io.guestlink.testing.LegacyDatabases.LegacyDb;
import io.guestlink.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Database feeds end to end: the real application polls a real legacy database (MariaDB on this machine, PostgreSQL as
 * a second dialect) through routes/database-poll.camel.yaml, into an H2 store. Legacy realities: zero dates, NULLs,
 * a latin1 column holding GBK bytes, local timestamps, rows committed late or stamped in the future, a NULL key, a
 * table that goes away and comes back.
 */
class DatabaseFeedIT {
    @RegisterExtension
    final LegacyDatabase legacyDatabase = new LegacyDatabase(); // dropped after @AfterEach has stopped the application
    @TempDir
    Path tmp;
    TestApp app;
    LegacyDb legacy;
    String legacyUrl;
    String dialect;

    @AfterEach
    void close() {
        if (app != null) app.close();
    }

    /** A fresh legacy database; the reservation table in its dialect (MariaDB: latin1 name, second-precision DATETIME). */
    void legacy(String which) throws SQLException {
        dialect = which;
        legacy = legacyDatabase.create(which.equals("mariadb") ? Dialect.MARIADB : Dialect.POSTGRESQL);
        legacyUrl = legacy.url();
        if (which.equals("mariadb")) {
            sql("CREATE TABLE reservation (res_id BIGINT PRIMARY KEY, conf_no VARCHAR(20), guest_id BIGINT, "
                    + "guest_name VARCHAR(100) CHARACTER SET latin1, email VARCHAR(200), birth_date DATE, arrival DATE, "
                    + "departure DATE, room_no VARCHAR(10), status VARCHAR(12), updated_at DATETIME, "
                    + "exported TINYINT NOT NULL DEFAULT 0, INDEX (updated_at, res_id))");
        } else {
            sql("CREATE TABLE reservation (res_id BIGINT PRIMARY KEY, conf_no VARCHAR(20), guest_id BIGINT, "
                    + "guest_name VARCHAR(100), email VARCHAR(200), birth_date DATE, arrival DATE, departure DATE, "
                    + "room_no VARCHAR(10), status VARCHAR(12), updated_at TIMESTAMP(0) WITHOUT TIME ZONE, "
                    + "exported SMALLINT NOT NULL DEFAULT 0)");
            sql("CREATE INDEX reservation_changes ON reservation (updated_at, res_id)");
        }
    }

    Connection legacyConnection() throws SQLException {
        return legacy.connect();
    }

    void sql(String statement, Object... params) throws SQLException {
        try (Connection c = legacyConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            ps.execute();
        }
    }

    String now(int secondsOffset) {
        return dialect.equals("mariadb") ? "NOW() + INTERVAL " + secondsOffset + " SECOND"
                : "LOCALTIMESTAMP(0) + INTERVAL '" + secondsOffset + " seconds'";
    }

    void insert(long id, String name, String birth, String status, int secondsOffset) throws SQLException {
        sql("INSERT INTO reservation (res_id, conf_no, guest_id, guest_name, email, birth_date, arrival, departure, room_no, "
                + "status, updated_at) VALUES (?, ?, ?, ?, NULL, " + birth + ", DATE '2026-12-01', DATE '2026-12-03', '1204', ?, "
                + now(secondsOffset) + ")", id, "C" + id, 900 + id, name, status);
    }

    /** A GBK name written as raw bytes into the latin1 column, the way old Chinese PMS clients did it. */
    void insertGbkName(long id, String name) throws SQLException {
        byte[] gbk = name.getBytes(Charset.forName("GBK"));
        sql("INSERT INTO reservation (res_id, conf_no, guest_id, guest_name, arrival, departure, status, updated_at) VALUES "
                + "(?, ?, ?, CONVERT(? USING latin1), DATE '2026-12-01', DATE '2026-12-02', 'RES', " + now(0) + ")",
                id, "C" + id, 900 + id, gbk);
    }

    String feed(String mode, String extra) {
        return """
                id: legacy
                system: LEGACYPMS
                kind: reservation
                property: BKK01
                timeZone: UTC
                currency: THB
                poll:
                  url: %s
                  user: %s
                  query: SELECT res_id, conf_no, guest_id, guest_name, email, birth_date, arrival, departure, room_no, status, updated_at FROM reservation%s
                  mode: %s
                  watermark: updated_at
                  lag: PT10S
                  every: PT0.2S
                  batchSize: 50
                %s
                key: [res_id]
                fields:
                  reservation.confirmationNumber: conf_no
                  guest.key: guest_id
                  guest.name: guest_name
                  guest.email: email
                  guest.birthDate: birth_date
                  reservation.arrival: arrival
                  reservation.departure: departure
                  reservation.roomNumber: room_no
                  reservation.status: { column: status, codes: resStatus }
                codes:
                  resStatus: { "RES": "BOOKED", "INH": "IN_HOUSE", "OUT": "CHECKED_OUT", "CXL": "CANCELLED" }
                """.formatted(legacyUrl, legacy.user(),
                mode.equals("flag") ? " WHERE exported = 0" : "", mode, extra);
    }

    void start(String feed) throws Exception {
        app = TestApp.start(tmp.resolve("app" + System.nanoTime()), Map.of("legacy", feed), Map.of());
    }

    /** The store's view of one legacy reservation: status and room, or null when absent. */
    String stay(long resId) throws SQLException {
        try (Connection c = app.app.database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT s.status, s.room_no, r.version FROM stay s JOIN source_record r "
                     + "ON r.id = s.source_record_id WHERE r.system = 'LEGACYPMS' AND r.source_key = ?")) {
            ps.setString(1, String.valueOf(resId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + "/" + rs.getString(2) + "/v" + rs.getInt(3) : null;
            }
        }
    }

    long count(String query) throws SQLException {
        try (Connection c = app.app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void await(String what, Wait.Check done) throws Exception {
        Wait.until(what, Duration.ofSeconds(30), done);
    }

    boolean stayIs(long id, String expected) {
        try {
            return expected.equals(stay(id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void newAndChangedRowsArriveOnceWithNullsZeroDatesAndLateCommits(String which) throws Exception {
        legacy(which);
        insert(1, "YU/MING", "NULL", "RES", 0);
        insert(2, "SMITH/ANNA", "DATE '1980-02-29'", "INH", 0);
        if (which.equals("mariadb")) sql("UPDATE reservation SET birth_date = '0000-00-00' WHERE res_id = 1");
        start(feed("watermark", ""));
        await("the first two rows", () -> stayIs(1, "BOOKED/1204/v1") && stayIs(2, "IN_HOUSE/1204/v1"));

        sql("UPDATE reservation SET status = 'OUT', room_no = '0815', updated_at = " + now(0) + " WHERE res_id = 2");
        // committed now, stamped 5 s ago: behind the watermark but inside the 10 s lag window
        insert(3, "LATE/ROW", "NULL", "RES", -5);
        await("the update and the late row", () -> stayIs(2, "CHECKED_OUT/0815/v2") && stayIs(3, "BOOKED/1204/v1"));

        Thread.sleep(1000); // several more polls re-read the window: nothing may be written twice
        assertThat(count("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS'")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM source_record_history")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM import_row WHERE outcome = 'UNCHANGED'"))
                .as("rows re-read inside the lag window are recognised, not journaled again").isZero();
        assertThat(count("SELECT COUNT(*) FROM import_file WHERE file_name LIKE 'poll:legacy:%' AND status = 'DONE'")).isPositive();
        // the zero date and the NULL both arrive as 'no birth date', not as a rejected row
        assertThat(count("SELECT COUNT(*) FROM import_row WHERE outcome = 'REJECTED'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM guest_profile WHERE birth_date IS NOT NULL")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM poll_state WHERE source_id = 'legacy' AND rows_applied = 4")).isEqualTo(1);

        // a restart reads the lag window again: unchanged rows change nothing
        Path root = app.root;
        app.close();
        app = TestApp.start(root, Map.of("legacy", feed("watermark", "")), Map.of());
        insert(4, "AFTER/RESTART", "NULL", "RES", 0);
        await("the row written after the restart", () -> stayIs(4, "BOOKED/1204/v1"));
        assertThat(count("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS'")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM source_record_history")).isEqualTo(1);
    }

    @Test
    void latin1ColumnHoldingGbkBytesIsReadAsChinese() throws Exception {
        legacy("mariadb");
        insertGbkName(1, "于明");
        insertGbkName(2, "丂曾"); // 丂 is 0x81 0x40 in GBK: a byte that latin1 (Windows-1252) leaves undefined
        start(feed("watermark", "  charsets: { guest_name: GBK }"));
        await("both rows", () -> stayIs(1, "BOOKED/null/v1") && stayIs(2, "BOOKED/null/v1"));
        assertThat(names()).contains("于明", "丂曾");
    }

    List<String> names() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = app.app.database().connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT full_name FROM profile_name")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void rowStampedInTheFutureDoesNotHideLaterRows() throws Exception {
        legacy("mariadb");
        insert(1, "FUTURE/ROW", "NULL", "RES", 86_400); // a PMS whose clock ran a day ahead, then was fixed
        start(feed("watermark", ""));
        await("the future row", () -> stayIs(1, "BOOKED/1204/v1"));
        insert(2, "NORMAL/ROW", "NULL", "RES", 0);
        await("the row stamped now, after the future one", () -> stayIs(2, "BOOKED/1204/v1"));
        assertThat(count("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS'")).isEqualTo(2);
    }

    @Test
    void nullKeyIsRejectedWithReasonAndTheRestImports() throws Exception {
        legacy("postgres");
        sql("ALTER TABLE reservation DROP CONSTRAINT reservation_pkey");
        sql("ALTER TABLE reservation ALTER COLUMN res_id DROP NOT NULL");
        insert(1, "GOOD/ROW", "NULL", "RES", 0);
        sql("INSERT INTO reservation (res_id, conf_no, status, updated_at) VALUES (NULL, 'CX', 'RES', LOCALTIMESTAMP(0))");
        start(feed("watermark", ""));
        await("the good row and the rejected one", () -> stayIs(1, "BOOKED/1204/v1") && rejected() == 1);
        Thread.sleep(800);
        assertThat(rejected()).as("a rejected row re-read in the lag window is not journaled again").isEqualTo(1);
    }

    long rejected() {
        try {
            return count("SELECT COUNT(*) FROM import_row WHERE outcome = 'REJECTED'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tableGoingAwayAndComingBackLosesNothing() throws Exception {
        legacy("mariadb");
        insert(1, "FIRST/ROW", "NULL", "RES", 0);
        start(feed("watermark", ""));
        await("the first row", () -> stayIs(1, "BOOKED/1204/v1"));
        sql("RENAME TABLE reservation TO reservation_away"); // polls now fail: table doesn't exist
        Thread.sleep(600);
        sql("INSERT INTO reservation_away (res_id, conf_no, guest_id, guest_name, status, updated_at) "
                + "VALUES (2, 'C2', 902, 'BACK/AGAIN', 'RES', NOW())");
        sql("RENAME TABLE reservation_away TO reservation");
        await("the row written while the table was away", () -> stayIs(2, "BOOKED/null/v1"));
        assertThat(count("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS'")).isEqualTo(2);
    }

    @Test
    void connectionKilledMidPollLosesAndDoublesNothing() throws Exception {
        legacy("mariadb");
        // 2 KB of notes per row: 60 MB in all, more than the socket buffers hold, so the server is still sending
        // when its connection is killed and the stream really breaks in the middle
        sql("ALTER TABLE reservation ADD COLUMN notes VARCHAR(4000)");
        sql("INSERT INTO reservation (res_id, conf_no, guest_id, guest_name, status, updated_at, notes) "
                + "SELECT seq, CONCAT('C', seq), seq, CONCAT('ROW', CHAR(65 + seq % 26), '/ANNA'), 'RES', "
                + "NOW() - INTERVAL (30000 - seq) SECOND, REPEAT('x', 2000) FROM seq_1_to_30000");
        start(feed("watermark", "").replace("batchSize: 50", "batchSize: 500")
                .replace("status, updated_at FROM reservation", "status, updated_at, notes FROM reservation"));
        // the database goes away in the middle of the first poll's stream: the server kills the reading connection
        await("the first batches", () -> {
            try {
                return count("SELECT COUNT(*) FROM source_record") >= 1000;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        int killed = 0;
        try (Connection c = legacyConnection(); Statement s = c.createStatement();
             // this test's database only: other tests and benchmarks may be polling their own on the same server
             ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%guestlink_src%' "
                     + "AND DB = DATABASE() AND ID <> CONNECTION_ID()")) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) ids.add(rs.getLong(1));
            for (long id : ids) {
                try (Statement k = c.createStatement()) {
                    k.execute("KILL " + id);
                    killed++;
                }
            }
        }
        // 60 MB through identity resolution: a generous wait, a busy machine is slow but must still lose nothing
        Wait.until("all 30,000 rows", Duration.ofSeconds(180), () -> count("SELECT COUNT(*) FROM source_record") == 30_000,
                () -> count("SELECT COUNT(*) FROM source_record") + " stored");
        Thread.sleep(500);
        assertThat(killed).as("the reading connection was found and killed").isPositive();
        assertThat(count("SELECT COUNT(*) FROM import_file WHERE status = 'FAILED'")).as("the cut poll is journaled FAILED").isPositive();
        assertThat(count("SELECT COUNT(*) FROM source_record")).isEqualTo(30_000);
        assertThat(count("SELECT COUNT(*) FROM source_record_history")).as("nothing applied twice").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void failingQueryIsRecordedWithItsReasonAndPollingResumesOnceFixed(String which) throws Exception {
        legacy(which);
        insert(1, "FIRST/ROW", "NULL", "RES", 0);
        sql("ALTER TABLE reservation RENAME COLUMN room_no TO room_number"); // the PMS upgrade renamed a column
        start(feed("watermark", ""));
        await("the failure recorded", () -> lastError() != null);
        assertThat(lastError()).containsIgnoringCase("room_no");
        assertThat(count("SELECT COUNT(*) FROM source_record")).isZero();
        sql("ALTER TABLE reservation RENAME COLUMN room_number TO room_no");
        await("the row, once the column is back", () -> stayIs(1, "BOOKED/1204/v1"));
        await("the error cleared", () -> lastError() == null);
    }

    String lastError() {
        return app.app.poller().states().stream().filter(m -> m.sourceId().equals("legacy")).findFirst()
                .map(m -> m.lastError()).orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void flagModeMarksStoredRowsWithOnConsume(String which) throws Exception {
        legacy(which);
        for (int i = 1; i <= 120; i++) insert(i, "GUEST/NUMBER" + i, "NULL", "RES", 0);
        start(feed("flag", "  onConsume: UPDATE reservation SET exported = 1 WHERE res_id = :#res_id AND updated_at = :#updated_at"));
        await("every row flagged", () -> legacyCount("SELECT COUNT(*) FROM reservation WHERE exported = 0") == 0);
        assertThat(count("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS'")).isEqualTo(120);
        // the PMS changes a row and clears its flag: it comes back once
        sql("UPDATE reservation SET status = 'CXL', exported = 0, updated_at = " + now(1) + " WHERE res_id = 7");
        await("the changed row", () -> stayIs(7, "CANCELLED/1204/v2"));
        await("it flagged again", () -> legacyCount("SELECT COUNT(*) FROM reservation WHERE exported = 0") == 0);
        assertThat(count("SELECT COUNT(*) FROM source_record_history")).isEqualTo(1);
    }

    long legacyCount(String query) {
        try (Connection c = legacyConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
