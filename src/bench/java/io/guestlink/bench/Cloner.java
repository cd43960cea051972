package io.guestlink.bench;

import io.guestlink.store.Database;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Multiplies an imported PostgreSQL store set-based, for benchmarks that need millions of profiles with their history
 * without importing them: every copy of the guest profiles (with their merges), source records and fact rows is an
 * {@code INSERT ... SELECT} of the originals with ids shifted by a power of ten and source keys suffixed
 * {@code #<copy>}. Payloads stay byte for byte what the importer wrote, so a copy's guest memory must equal its
 * original's ({@link #sameAsSeed}). Identity keys, contacts and the journal are not copied: nothing that reads memory
 * uses them.
 */
final class Cloner {
    /** Table, then the columns shifted by the profile offset and by the source-record offset. */
    private static final List<String[]> TABLES = List.of(
            new String[] {"guest_profile", "id,merged_into", ""},
            new String[] {"source_record", "profile_id", "id"},
            new String[] {"stay", "profile_id", "source_record_id"},
            new String[] {"folio_line", "profile_id", "source_record_id"},
            new String[] {"pos_ticket", "profile_id", "source_record_id"},
            new String[] {"pos_item", "", "source_record_id"});

    private static long profileOffset;
    private static int copies;

    private Cloner() {
    }

    /** Adds {@code n} copies of everything the store holds now. */
    static void copy(Database db, int n, PrintStream log) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            long p = offset(st, "SELECT max(id) FROM guest_profile");
            long r = offset(st, "SELECT max(id) FROM source_record");
            profileOffset = p;
            copies = n;
            // remembered in the database, so a kept store can be rebuilt again (MemoryBenchmark --reuse-db)
            st.execute("CREATE TABLE bench_clone (profile_offset BIGINT NOT NULL, copies INT NOT NULL)");
            st.execute("INSERT INTO bench_clone VALUES (" + p + ", " + n + ")");
            Map<String, String> sql = new java.util.LinkedHashMap<>();
            for (String[] t : TABLES) sql.put(t[0], insert(c, t[0], List.of(t[1].split(",")), List.of(t[2].split(","))));
            for (int k = 1; k <= n; k++) {
                long started = System.nanoTime();
                for (var e : sql.entrySet()) {
                    try (PreparedStatement ps = c.prepareStatement(e.getValue())) {
                        ps.setLong(1, k * p);
                        ps.setLong(2, k * r);
                        ps.setString(3, "#" + k);
                        ps.setLong(4, e.getKey().equals("guest_profile") ? p : r);
                        ps.executeUpdate();
                    }
                }
                if (k % 10 == 0 || k == n)
                    log.printf(Locale.ROOT, "  copy %d of %d (%.1f s)%n", k, n, (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /** Reads what {@link #copy} did to a kept store. */
    static void reuse(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT profile_offset, copies FROM bench_clone")) {
            rs.next();
            profileOffset = rs.getLong(1);
            copies = rs.getInt(2);
        }
    }

    /** The smallest power of ten above the largest id: copy k holds ids {@code k * offset + original id}. */
    private static long offset(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            long max = rs.getLong(1);
            long o = 10;
            while (o <= max) o *= 10;
            return o;
        }
    }

    /** INSERT ... SELECT of the original rows (those below the offset) with shifted ids; parameters: offsets, suffix, offset. */
    private static String insert(Connection c, String table, List<String> byProfile, List<String> byRecord) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                + "current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.add(rs.getString(1));
            }
        }
        String idColumn = table.equals("guest_profile") ? "id" : table.equals("source_record") ? "id" : "source_record_id";
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT ");
        List<String> parts = new ArrayList<>();
        for (String col : columns) {
            if (byProfile.contains(col)) parts.add(col + " + CAST(:p AS bigint)");
            else if (byRecord.contains(col)) parts.add(col + " + CAST(:r AS bigint)");
            else if (table.equals("source_record") && col.equals("source_key")) parts.add("source_key || CAST(:s AS varchar)");
            else parts.add(col);
        }
        sql.append(String.join(", ", parts)).append(" FROM ").append(table).append(" WHERE ").append(idColumn).append(" < CAST(:b AS bigint)");
        // the offsets are bound once, in a one-row CTE, whatever the number of shifted columns
        return "WITH v AS (SELECT CAST(? AS bigint) AS p, CAST(? AS bigint) AS r, CAST(? AS varchar) AS s, CAST(? AS bigint) AS b) "
                + sql.toString().replace("CAST(:p AS bigint)", "v.p").replace("CAST(:r AS bigint)", "v.r")
                .replace("CAST(:s AS varchar)", "v.s").replace("CAST(:b AS bigint)", "v.b")
                .replace(" FROM " + table + " WHERE", " FROM " + table + ", v WHERE");
    }

    /** Whether sampled copies hold exactly their original's memory (rollup and usual orders). */
    static String sameAsSeed(Database db) throws SQLException {
        if (copies == 0) return "no copies made";
        int compared = 0, different = 0;
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT o.profile_id, o.rollup_json = k.rollup_json AND o.usual_json = k.usual_json FROM profile_memory o "
                        + "JOIN profile_memory k ON k.profile_id = o.profile_id + ? WHERE o.profile_id < ? ORDER BY o.profile_id LIMIT 2000")) {
            for (int k : new int[] {1, copies}) {
                ps.setLong(1, k * profileOffset);
                ps.setLong(2, profileOffset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        compared++;
                        if (!rs.getBoolean(2)) different++;
                    }
                }
            }
        }
        return String.format(Locale.ROOT, "check: %d sampled copies compared with their original profile's memory, %d different",
                compared, different);
    }
}
