package io.guestlink.store;

import io.guestlink.model.FieldLimit;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small JDBC helpers shared by the writers: IN-list look-ups in chunks and null-safe binds. */
final class Sql {
    private static final int CHUNK = 500;

    private Sql() {
    }

    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * PostgreSQL: runs {@code sql}, whose one parameter is the ids as a {@code bigint[]} (for {@code unnest(?::bigint[])}
     * joined to a table: one index look-up per id, where {@code = ANY(?)} may be planned as a scan tested against the
     * list), each row to {@code reader}.
     */
    static void withIds(Connection c, String sql, Collection<Long> ids, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", new java.util.LinkedHashSet<>(ids).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) reader.read(rs);
            }
        }
    }

    /**
     * Deletes the rows whose {@code column} is one of {@code ids}: on PostgreSQL one statement with an array (a batch
     * of single-row deletes is one execution per row on the server), elsewhere a batch.
     */
    static void deleteIn(Connection c, String table, String column, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) return;
        if (isPostgres(c)) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ANY(?)")) {
                del.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                del.executeUpdate();
            }
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
            for (long id : ids) {
                del.setLong(1, id);
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    /**
     * Runs {@code prefix IN (values)}; {@code fixed} are bound before the list. On PostgreSQL the values go as one
     * array parameter ({@code = ANY(?)}): one statement text whatever the count, which a cached plan serves with the
     * index. Elsewhere as IN lists in chunks.
     */
    static void in(Connection c, String prefix, List<?> fixed, Collection<?> values, RowReader reader) throws SQLException {
        in(c, prefix, fixed, values, "", reader);
    }

    /** As {@link #in(Connection, String, List, Collection, RowReader)}, with {@code suffix} after the list (a GROUP BY). */
    static void in(Connection c, String prefix, List<?> fixed, Collection<?> values, String suffix, RowReader reader) throws SQLException {
        if (values.isEmpty()) return;
        String after = suffix.isEmpty() ? "" : " " + suffix;
        if (isPostgres(c)) {
            Object first = values.iterator().next();
            try (PreparedStatement ps = c.prepareStatement(prefix + " = ANY(?)" + after)) {
                int i = 1;
                for (Object f : fixed) ps.setObject(i++, f);
                ps.setArray(i, c.createArrayOf(first instanceof Long ? "bigint" : "varchar", values.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) reader.read(rs);
                }
            }
            return;
        }
        List<?> all = new ArrayList<>(values);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<?> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String sql = prefix + " IN (" + "?,".repeat(chunk.size() - 1) + "?)" + after;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object f : fixed) ps.setObject(i++, f);
                for (Object v : chunk) ps.setObject(i++, v);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) reader.read(rs);
                }
            }
        }
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs a query with its arguments bound in order and maps every row: the shape of each filtered, paged list. */
    static <T> List<T> list(Connection c, String sql, List<?> args, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(mapper.map(rs));
            }
        }
        return out;
    }

    /** Whether a connection (through the pool's proxy) is PostgreSQL's, for writers that only see the connection. */
    static boolean isPostgres(Connection c) throws SQLException {
        return c.isWrapperFor(org.postgresql.PGConnection.class);
    }

    /**
     * Binds a canonical field's value. Every channel refuses a value longer than its field keeps (with its path and
     * limit) before it gets here, so one that arrives is a programming error: it fails the transaction naming the
     * field and limit, and is never cut.
     */
    static void setString(PreparedStatement ps, int i, String v, FieldLimit field) throws SQLException {
        setNullable(ps, i, checked(v, field));
    }

    /** The value unchanged, for writers that bind arrays; the same guard as {@link #setString(PreparedStatement, int, String, FieldLimit)}. */
    static String checked(String v, FieldLimit field) {
        if (!field.fits(v)) throw new StoreException("refusing to store a value that " + field.reason(v));
        return v;
    }

    /**
     * Binds a value for a bounded column that no canonical field describes (who decided a merge, a reason, a name's
     * script): one longer than {@code max} fails the transaction naming the column and limit, and is never cut.
     */
    static void setString(PreparedStatement ps, int i, String v, int max, String column) throws SQLException {
        setNullable(ps, i, checked(v, max, column));
    }

    /** The value unchanged, for writers that bind arrays or COPY; the same guard as {@link #setString(PreparedStatement, int, String, int, String)}. */
    static String checked(String v, int max, String column) {
        if (v != null && v.length() > max)
            throw new StoreException("refusing to store a value of " + v.length() + " characters in " + column
                    + ", which keeps " + max);
        return v;
    }

    /**
     * Binds text written for a person to read (a journal's shown value and reason, a masked key, an error): when
     * longer than the column, it is shortened and ends with "…", so whoever reads it sees that it was.
     */
    static void setShown(PreparedStatement ps, int i, String v, int max) throws SQLException {
        setNullable(ps, i, shown(v, max));
    }

    /** {@code v} in at most {@code max} characters, ending with "…" when shortened. */
    static String shown(String v, int max) {
        return v == null || v.length() <= max ? v : v.substring(0, max - 1) + "…";
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) ps.setNull(i, Types.VARCHAR);
        else ps.setString(i, v);
    }

    static void setDate(PreparedStatement ps, int i, LocalDate d) throws SQLException {
        if (d == null) ps.setNull(i, Types.DATE);
        else ps.setObject(i, d);
    }

    static void setDateTime(PreparedStatement ps, int i, LocalDateTime d) throws SQLException {
        if (d == null) ps.setNull(i, Types.TIMESTAMP);
        else ps.setObject(i, d);
    }

    static void setDecimal(PreparedStatement ps, int i, BigDecimal d) throws SQLException {
        if (d == null) ps.setNull(i, Types.NUMERIC);
        else ps.setBigDecimal(i, d);
    }

    static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER);
        else ps.setInt(i, v);
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

}
