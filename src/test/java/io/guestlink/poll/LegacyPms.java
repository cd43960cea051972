package io.guestlink.poll;

import io.guestlink.testing.LegacyDatabases.Dialect;
import io.guestlink.testing.LegacyDatabases.LegacyDb;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

/**
 * A legacy PMS reservation table, as the old systems GuestLink polls have it, in MariaDB and in PostgreSQL: second
 * precision timestamps in local time (sessions run in the property's zone, Asia/Bangkok), a latin1 name column that
 * old Chinese clients filled with GBK bytes (MariaDB), zero dates, NULL contacts, and a processed flag.
 *
 * <p>Generated reservation {@code n} has status {@code STATUS[n % 5]}, room {@code 100 + n % 900}, rate
 * {@code 1500.50 + n % 4000}; every 7th has no e-mail, every 10th no phone, every 25th a zero birth date (MariaDB) or
 * NULL (PostgreSQL); updated_at spreads the rows over the two days before the load (or from the newest row already
 * there), rising with res_id.
 */
public final class LegacyPms {
    /** The property's time zone: the legacy sessions write local time in it, the feed declares it. */
    public static final String ZONE = "Asia/Bangkok";
    public static final String[] STATUS = {"RES", "INH", "OUT", "CXL", "NS"};
    public static final Map<String, String> STATUS_CODES = Map.of("RES", "BOOKED", "INH", "IN_HOUSE", "OUT", "CHECKED_OUT",
            "CXL", "CANCELLED", "NS", "NO_SHOW");
    public static final String COLUMNS = "res_id, conf_no, guest_id, guest_name, email, phone, birth_date, arrival, departure, "
            + "room_no, room_type, rate_amount, currency, status, updated_at";
    /** The feed's poll.query. */
    public static final String QUERY = "SELECT " + COLUMNS + " FROM reservation";
    public static final Charset GBK = Charset.forName("GBK");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final LegacyDb db;

    public LegacyPms(LegacyDb db) {
        this.db = db;
    }

    public Dialect dialect() {
        return db.dialect();
    }

    public LegacyDb db() {
        return db;
    }

    public boolean mariaDb() {
        return db.dialect() == Dialect.MARIADB;
    }

    /** A connection whose session writes local time in the property's zone (NOW() is Bangkok time). */
    public Connection connect() throws SQLException {
        Connection c = db.connect();
        try (Statement s = c.createStatement()) {
            s.execute(mariaDb() ? "SET time_zone = '+07:00'" : "SET TIME ZONE '" + ZONE + "'");
        }
        return c;
    }

    /** The database's "now" in the property's zone, as the second-precision columns store it. */
    public String nowExpression() {
        return mariaDb() ? "NOW()" : "LOCALTIMESTAMP(0)";
    }

    public void createSchema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (mariaDb()) {
                s.execute("CREATE TABLE reservation (res_id BIGINT NOT NULL PRIMARY KEY, conf_no VARCHAR(20), guest_id BIGINT, "
                        + "guest_name VARCHAR(100) CHARACTER SET latin1, email VARCHAR(200), phone VARCHAR(40), birth_date DATE, "
                        + "arrival DATE, departure DATE, room_no VARCHAR(10), room_type VARCHAR(10), rate_amount DECIMAL(12,2), "
                        + "currency CHAR(3), status VARCHAR(4), updated_at DATETIME, exported TINYINT NOT NULL DEFAULT 0, "
                        + "INDEX reservation_changes (updated_at, res_id), INDEX reservation_exported (exported)) "
                        + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            } else {
                s.execute("CREATE TABLE reservation (res_id BIGINT NOT NULL PRIMARY KEY, conf_no VARCHAR(20), guest_id BIGINT, "
                        + "guest_name TEXT, email VARCHAR(200), phone VARCHAR(40), birth_date DATE, arrival DATE, departure DATE, "
                        + "room_no VARCHAR(10), room_type VARCHAR(10), rate_amount NUMERIC(12,2), currency CHAR(3), "
                        + "status VARCHAR(4), updated_at TIMESTAMP(0) WITHOUT TIME ZONE, exported SMALLINT NOT NULL DEFAULT 0)");
                s.execute("CREATE INDEX reservation_changes ON reservation (updated_at, res_id)");
                s.execute("CREATE INDEX reservation_exported ON reservation (exported)");
            }
        }
    }

    /** The database clock in the property's zone, at second precision. */
    public LocalDateTime now() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + nowExpression())) {
            rs.next();
            return rs.getTimestamp(1).toLocalDateTime().truncatedTo(ChronoUnit.SECONDS);
        }
    }

    /**
     * Inserts reservations {@code firstId .. firstId + count - 1} in one statement on the server (MariaDB's sequence
     * engine, PostgreSQL's generate_series), stamped over the two days before now. Returns the rows inserted.
     */
    public long generate(long firstId, long count) throws SQLException {
        if (count <= 0) return 0;
        // stamped after the rows already there, spread up to now: updated_at rises with res_id
        LocalDateTime now = now();
        LocalDateTime base = now.minusDays(2);
        LocalDateTime newest = newest();
        if (newest != null && !newest.isBefore(base)) base = newest.plusSeconds(1);
        long span = Math.max(0, java.time.Duration.between(base, now).getSeconds());
        String seqNo = mariaDb() ? "(seq - 1)" : "(g - 1)";
        String id = mariaDb() ? "(seq + " + (firstId - 1) + ")" : "(g + " + (firstId - 1) + ")";
        String guest = mariaDb() ? "((" + id + " + 1) DIV 2)" : "((" + id + " + 1) / 2)";
        String text = mariaDb() ? "CHAR" : "TEXT";
        String sql = "INSERT INTO reservation (" + COLUMNS + ") SELECT "
                + id + ", "
                + "CONCAT('C', " + id + "), "
                + guest + ", "
                + "CONCAT('GUEST', CAST(" + guest + " AS " + text + "), '/ANNA MS'), "
                + "CASE WHEN " + id + " % 7 = 0 THEN NULL ELSE CONCAT('guest', CAST(" + guest + " AS " + text + "), '@example.net') END, "
                + "CASE WHEN " + id + " % 10 = 0 THEN NULL ELSE CONCAT('+6681', LPAD(CAST(" + guest + " % 10000000 AS " + text + "), 7, '0')) END, "
                + (mariaDb() ? "CASE WHEN " + id + " % 25 = 0 THEN '0000-00-00' ELSE DATE_ADD(DATE '1950-01-01', INTERVAL " + id + " % 18000 DAY) END, "
                : "CASE WHEN " + id + " % 25 = 0 THEN NULL ELSE DATE '1950-01-01' + CAST(" + id + " % 18000 AS INT) END, ")
                + dayPlus("DATE '2026-01-01'", id + " % 700") + ", "
                + dayPlus("DATE '2026-01-01'", "(" + id + " % 700) + 1 + (" + id + " % 6)") + ", "
                + "CAST(100 + " + id + " % 900 AS " + text + "), "
                + "CASE " + id + " % 3 WHEN 0 THEN 'STD' WHEN 1 THEN 'DLX' ELSE 'STE' END, "
                + "1500.50 + " + id + " % 4000, "
                + "'THB', "
                + "CASE " + id + " % 5 WHEN 0 THEN 'RES' WHEN 1 THEN 'INH' WHEN 2 THEN 'OUT' WHEN 3 THEN 'CXL' ELSE 'NS' END, "
                + (mariaDb() ? "TIMESTAMP '" + TS.format(base) + "' + INTERVAL ((" + seqNo + " * " + span + ") DIV " + count + ") SECOND"
                : "TIMESTAMP '" + TS.format(base) + "' + ((" + seqNo + " * " + span + ") / " + count + ") * INTERVAL '1 second'")
                + (mariaDb() ? " FROM seq_1_to_" + count : " FROM generate_series(CAST(1 AS BIGINT), " + count + ") g");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (mariaDb()) s.execute("SET SESSION sql_mode = REPLACE(REPLACE(@@sql_mode, 'NO_ZERO_DATE', ''), 'NO_ZERO_IN_DATE', '')");
            long n = s.executeLargeUpdate(sql);
            if (!mariaDb()) s.execute("ANALYZE reservation");
            return n;
        }
    }

    /** The newest updated_at in the table, or null when it is empty. */
    public LocalDateTime newest() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(updated_at) FROM reservation")) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t == null ? null : t.toLocalDateTime();
        }
    }

    private String dayPlus(String date, String days) {
        return mariaDb() ? "DATE_ADD(" + date + ", INTERVAL " + days + " DAY)" : date + " + CAST(" + days + " AS INT)";
    }

    /** Inserts one reservation stamped {@code updatedAt} (null: the database's now). */
    public void insert(Connection c, long resId, String status, String roomNo, BigDecimal rate, LocalDateTime updatedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reservation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL, "
                + "DATE '2026-12-01', DATE '2026-12-03', ?, 'DLX', ?, 'THB', ?, " + (updatedAt == null ? nowExpression() : "?") + ")")) {
            ps.setLong(1, resId);
            ps.setString(2, "C" + resId);
            ps.setLong(3, resId);
            ps.setString(4, "NEW" + resId + "/ANNA MS");
            ps.setString(5, "new" + resId + "@example.net");
            ps.setString(6, "+6689" + String.format("%07d", resId % 10_000_000));
            ps.setString(7, roomNo);
            ps.setBigDecimal(8, rate);
            ps.setString(9, status);
            if (updatedAt != null) ps.setTimestamp(10, Timestamp.valueOf(updatedAt));
            ps.executeUpdate();
        }
    }

    /**
     * Changes a reservation's status, room and rate, stamps it {@code updatedAt} (null: the database's now) and clears
     * its processed flag, the way the PMS does. Returns the rows changed (0 when the reservation does not exist).
     */
    public int update(Connection c, long resId, String status, String roomNo, BigDecimal rate, LocalDateTime updatedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE reservation SET status = ?, room_no = ?, rate_amount = ?, exported = 0, "
                + "updated_at = " + (updatedAt == null ? nowExpression() : "?") + " WHERE res_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, roomNo);
            ps.setBigDecimal(3, rate);
            int i = 4;
            if (updatedAt != null) ps.setTimestamp(i++, Timestamp.valueOf(updatedAt));
            ps.setLong(i, resId);
            return ps.executeUpdate();
        }
    }

    /** The row's updated_at as this connection sees it (inside its own transaction: its own uncommitted write). */
    public LocalDateTime updatedAt(Connection c, long resId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT updated_at FROM reservation WHERE res_id = ?")) {
            ps.setLong(1, resId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("no reservation " + resId);
                return rs.getTimestamp(1).toLocalDateTime();
            }
        }
    }

    /**
     * Writes a name the way old Chinese PMS clients did: its GBK bytes stored as they are in the latin1 column
     * (MariaDB). On PostgreSQL, whose column is text, the name is stored as text. Stamps the row now.
     */
    public void setGbkName(long resId, String name) throws SQLException {
        try (Connection c = connect()) {
            if (mariaDb()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE reservation SET guest_name = CONVERT(CAST(? AS BINARY) USING latin1), "
                        + "exported = 0, updated_at = NOW() WHERE res_id = ?")) {
                    ps.setBytes(1, name.getBytes(GBK));
                    ps.setLong(2, resId);
                    if (ps.executeUpdate() != 1) throw new IllegalStateException("no reservation " + resId);
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE reservation SET guest_name = ?, exported = 0, "
                        + "updated_at = LOCALTIMESTAMP(0) WHERE res_id = ?")) {
                    ps.setString(1, name);
                    ps.setLong(2, resId);
                    if (ps.executeUpdate() != 1) throw new IllegalStateException("no reservation " + resId);
                }
            }
        }
    }

    /** The bytes the name column holds, as the server reports them with HEX() (upper-case hex). MariaDB only. */
    public String nameHex(long resId) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT HEX(guest_name) FROM reservation WHERE res_id = ?")) {
            ps.setLong(1, resId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("no reservation " + resId);
                return rs.getString(1);
            }
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    public long count(String where) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reservation" + (where == null ? "" : " WHERE " + where))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public long maxId() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(res_id), 0) FROM reservation")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One row's status, room and rate: "status/room/rate", or null when absent. */
    public String row(long resId) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT status, room_no, rate_amount FROM reservation WHERE res_id = ?")) {
            ps.setLong(1, resId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getBigDecimal(3).toPlainString() : null;
            }
        }
    }

    /**
     * The feed file for this legacy database (see the contract): watermark mode, or flag mode with onConsume.
     * {@code extra} lines go into the poll section (two-space indent).
     */
    public String feed(String id, String mode, String every, int batchSize, String extraPollLines) {
        boolean flag = "flag".equals(mode);
        StringBuilder poll = new StringBuilder();
        poll.append("  url: ").append(db.url()).append('\n');
        poll.append("  user: ").append(db.user()).append('\n');
        poll.append("  query: ").append(QUERY).append(flag ? " WHERE exported = 0" : "").append('\n');
        poll.append("  mode: ").append(mode).append('\n');
        poll.append("  watermark: updated_at\n");
        poll.append("  tieBreaker: res_id\n");
        poll.append("  lag: PT10S\n");
        poll.append("  every: ").append(every).append('\n');
        poll.append("  batchSize: ").append(batchSize).append('\n');
        if (mariaDb()) poll.append("  charsets: { guest_name: GBK }\n");
        // updated_at has one-second precision: a second change within the same second would be flagged unseen, so the
        // condition also names every column the PMS changes (docs/feeds.md: onConsume must match the version it read)
        String same = db.dialect() == Dialect.MARIADB ? " <=> " : " IS NOT DISTINCT FROM "; // NULL-safe equality
        // on MariaDB the row is found through its primary key, as the PMS's own updates find it (docs/feeds.md): the
        // optimizer would otherwise take the (updated_at, res_id) index and lock in the other order than the PMS
        String table = db.dialect() == Dialect.MARIADB ? "reservation FORCE INDEX (PRIMARY)" : "reservation";
        if (flag) poll.append("  onConsume: UPDATE " + table + " SET exported = 1 WHERE res_id = :#res_id AND updated_at = :#updated_at"
                + " AND status" + same + ":#status AND room_no" + same + ":#room_no AND rate_amount" + same + ":#rate_amount\n");
        if (extraPollLines != null && !extraPollLines.isBlank()) poll.append(extraPollLines.stripTrailing()).append('\n');
        return """
                id: %s
                system: LEGACYPMS
                kind: reservation
                property: BKK01
                timeZone: %s
                phoneRegion: TH
                currency: THB
                poll:
                %skey: [res_id]
                fields:
                  reservation.confirmationNumber: conf_no
                  guest.key: guest_id
                  guest.name: guest_name
                  guest.email: email
                  guest.phone: phone
                  guest.birthDate: birth_date
                  reservation.arrival: arrival
                  reservation.departure: departure
                  reservation.roomNumber: room_no
                  reservation.roomType: room_type
                  reservation.rateAmount: rate_amount
                  currency: currency
                  reservation.status: { column: status, codes: resStatus }
                codes:
                  resStatus: { "RES": "BOOKED", "INH": "IN_HOUSE", "OUT": "CHECKED_OUT", "CXL": "CANCELLED", "NS": "NO_SHOW" }
                """.formatted(id, ZONE, poll);
    }
}
