package io.guestlink.store;

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
     * Runs {@code prefix IN (values)}; {@code fixed} are bound before the list. On PostgreSQL the values go as one
     * array parameter ({@code = ANY(?)}): one statement text whatever the count, which a cached plan serves with the
     * index. Elsewhere as IN lists in chunks.
     */
    static void in(Connection c, String prefix, List<?> fixed, Collection<?> values, RowReader reader) throws SQLException {
        if (values.isEmpty()) return;
        if (isPostgres(c)) {
            Object first = values.iterator().next();
            try (PreparedStatement ps = c.prepareStatement(prefix + " = ANY(?)")) {
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
            String sql = prefix + " IN (" + "?,".repeat(chunk.size() - 1) + "?)";
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

    /** Whether a connection (through the pool's proxy) is PostgreSQL's, for writers that only see the connection. */
    static boolean isPostgres(Connection c) throws SQLException {
        return c.isWrapperFor(org.postgresql.PGConnection.class);
    }

    static void setString(PreparedStatement ps, int i, String v, int max) throws SQLException {
        if (v == null) ps.setNull(i, Types.VARCHAR);
        else ps.setString(i, v.length() > max ? v.substring(0, max) : v);
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
